import type { Database } from '../../db/database.js';
import type { RecordingService } from '../../recording/recording-service.js';
import type { Mount } from '../endpoint.js';
import { ownedConference } from './conference-access.js';

/** An operator starts or stops recording a conference of its scope by hand. */
export function mountRecordingControlRoutes(mount: Mount, { db, recordings }: { db: Database; recordings: RecordingService }) {
  mount('recordings.start', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    return recordings.start(conference.id, call.actor.claims.sub, (fn) =>
      call.change(async (tx) => {
        const result = await fn(tx);
        return { result, resourceId: conference.id, unitPath: conference.hostPath };
      }),
    );
  });

  mount('recordings.stop', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    return recordings.stop(conference.id, (fn) =>
      call.change(async (tx) => {
        const result = await fn(tx);
        return { result, resourceId: conference.id, unitPath: conference.hostPath };
      }),
    );
  });
}
