import { LienthongError, uuidSchema, type SiteLabel, isRunning } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { unitAncestorCodes } from '../../domain/conferences.js';
import type { RoomDirectory } from '../../live/room-directory.js';
import type { Guard, Mount } from '../endpoint.js';
import { ownedConference, visibleConference } from './conference-access.js';

const emptyStage = { floor: null, hands: [], muted: [], presentation: null };

/**
 * Running a live conference from the console: the floor, mutes, notices. The room lives on its
 * owner replica (the call is relayed there); an open conference nobody has joined yet gets its room here.
 */
export function mountConferenceStageRoutes(mount: Mount, { db, rooms }: { db: Database; rooms: RoomDirectory }) {
  async function liveRoom(call: Guard, id: string) {
    const conference = await ownedConference(db, call, id);
    if (!isRunning(conference.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${conference.status}`);
    const room = rooms.handle(id, { siteId: conference.originSiteId, ancestry: unitAncestorCodes(conference.hostPath) });
    return { room, hostPath: conference.hostPath };
  }

  /** The site, if it takes part in the conference, with the names shown under the program. */
  async function participant(conferenceId: string, siteId: string): Promise<SiteLabel> {
    const invited = await db.prisma.conferenceSite.findUnique({
      where: { conferenceId_siteId: { conferenceId, siteId } },
      select: { site: { select: { name: true, unit: { select: { name: true } } } } },
    });
    if (!invited) throw new LienthongError('NOT_FOUND', `Site ${siteId} does not take part in this conference`);
    return { siteId, siteName: invited.site.name, unitName: invited.site.unit.name };
  }

  mount('conferences.stage', async (call) => {
    await visibleConference(db, call, call.params.id);
    return rooms.readLive(call.params.id, (room) => room.stageView(), emptyStage);
  });

  mount('conferences.giveFloor', async (call) => {
    const { id } = call.params;
    const { room, hostPath } = await liveRoom(call, id);
    const site = call.body.siteId ? await participant(id, call.body.siteId) : null;
    const stage = await room.giveFloor(site);
    await call.change(async () => ({ result: null, resourceId: id, unitPath: hostPath, details: { floor: site?.siteId ?? null } }));
    return stage;
  });

  mount('conferences.muteSite', async (call) => {
    const { id, siteId } = call.params;
    const { room, hostPath } = await liveRoom(call, id);
    await participant(id, siteId);
    const stage = await room.setMuted(siteId, call.body.muted);
    await call.change(async () => ({ result: null, resourceId: siteId, unitPath: hostPath, details: { conferenceId: id, muted: call.body.muted } }));
    return stage;
  });

  mount('conferences.sendNotice', async (call) => {
    const { id } = call.params;
    const { room, hostPath } = await liveRoom(call, id);
    const { siteIds, text } = call.body;
    if (siteIds) {
      const invited = await db.prisma.conferenceSite.count({ where: { conferenceId: id, siteId: { in: siteIds } } });
      if (invited !== new Set(siteIds).size) throw new LienthongError('NOT_FOUND', 'Some of these sites do not take part in this conference');
    }
    // Tokens' subjects are person ids, except for tokens minted for tooling.
    const sub = call.actor.claims.sub;
    const sender = uuidSchema.safeParse(sub).success ? await db.prisma.person.findUnique({ where: { id: sub }, select: { displayName: true } }) : null;
    const sent = await room.sendNotice(text, sender?.displayName ?? call.actor.claims.role, siteIds ?? null);
    await call.change(async () => ({ result: null, resourceId: id, unitPath: hostPath, details: { text, to: siteIds?.length ?? 'all' } }));
    return sent;
  });
}
