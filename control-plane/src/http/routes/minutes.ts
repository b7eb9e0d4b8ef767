import { LienthongError } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import type { MinutesService } from '../../minutes/minutes-service.js';
import type { Mount } from '../endpoint.js';
import { ownedConference } from './conference-access.js';

/**
 * The minutes: read by the operators whose scope holds the conference's host (a province's
 * operator sees its own sites of a national conference elsewhere, not the host's minutes).
 */
export function mountMinutesRoutes(mount: Mount, { db, minutes }: { db: Database; minutes: MinutesService }) {
  mount('minutes.get', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    return minutes.status(conference.id);
  });

  mount('minutes.download', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    const file = await minutes.file(conference, call.params.format);
    if (file.kind === 'pending') return { accepted: file.status };
    return { path: file.path, fileName: file.fileName, mediaType: file.mediaType, inline: false };
  });

  mount('minutes.generate', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    if (conference.status !== 'ended') throw new LienthongError('CONFERENCE_NOT_ENDED', `The conference is ${conference.status}: minutes are made once it has ended`);
    const status = await minutes.request(conference.id, { requestedBy: call.actor.claims.sub, header: call.body.header });
    await call.change(async () => ({ result: null, resourceId: conference.id, unitPath: conference.hostPath, details: { header: status.header } }));
    return status;
  });
}
