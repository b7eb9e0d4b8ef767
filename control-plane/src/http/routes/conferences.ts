import { LienthongError, type ConferenceDetail } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { listAttendance } from '../../domain/attendance.js';
import { siteIdsUnder } from '../../domain/conference-access.js';
import { getConferenceRecord, listConferencePage } from '../../domain/conference-schedule.js';
import { getConferenceWithSites } from '../../domain/conferences.js';
import { listParticipants } from '../../domain/participants.js';
import type { NodeRegistry } from '../../fleet/node-registry.js';
import type { RoomDirectory } from '../../live/room-directory.js';
import type { Mount } from '../endpoint.js';
import { visibleConference } from './conference-access.js';

export interface ConferenceReadDeps {
  db: Database;
  rooms: RoomDirectory;
  fleet: NodeRegistry;
}

/** Reading conferences: lists, details (no join links: see join-links.ts), resolved sites, attendance, media path. */
export function mountConferenceReadRoutes(mount: Mount, deps: ConferenceReadDeps) {
  const { db, rooms } = deps;

  mount('conferences.list', async (call) => listConferencePage(db.prisma, await call.listRoot(call.query.under), call.query));

  mount('conferences.get', async (call) => {
    const { id } = call.params;
    const { sees } = await visibleConference(db, call, id);
    const conference = await getConferenceWithSites(db.prisma, id);
    if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${id}`);
    // Only the sites the actor's scope holds; no join links here (they are issued on demand, audited).
    const mine = sees === '/' ? null : await siteIdsUnder(db.prisma, id, sees);
    const present = new Map((await rooms.readLive(id, (room) => room.snapshot(), [])).map((s) => [s.siteId, s]));
    const sites = conference.sites
      .filter((s) => !mine || mine.has(s.id))
      .map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        unit: { id: s.unit.id, name: s.unit.name, tier: s.unit.tierLevel },
        isOrigin: s.isOrigin,
        connected: present.has(s.id),
        nodeId: present.get(s.id)?.nodeId ?? null,
        delegates: present.get(s.id)?.delegates ?? null,
      }));
    return {
      id: conference.id,
      title: conference.title,
      status: conference.status,
      hostUnit: conference.hostUnit,
      scheduledStart: conference.scheduledStart.toISOString(),
      scheduledEnd: conference.scheduledEnd.toISOString(),
      siteCount: sites.length,
      sites,
    } satisfies ConferenceDetail;
  });

  mount('conferences.definition', async (call) => {
    await visibleConference(db, call, call.params.id);
    return (await getConferenceRecord(db.prisma, call.params.id))!;
  });

  mount('conferences.participants', async (call) => {
    const { sees } = await visibleConference(db, call, call.params.id);
    const root = await call.listRoot(call.query.under);
    return listParticipants(db.prisma, call.params.id, root.startsWith(sees) ? root : sees, call.query);
  });

  mount('conferences.attendance', async (call) => {
    const { sees } = await visibleConference(db, call, call.params.id);
    return listAttendance(db.prisma, call.params.id, sees, call.query);
  });

  /** The media path of every present site: its node and, per consumer, whether a site's own producer or a pipe copy feeds it. */
  mount('conferences.mediaPath', async (call) => {
    const { id } = call.params;
    await visibleConference(db, call, id);
    const room = await rooms.live(id);
    const sites = await Promise.all(
      ((await room?.snapshot()) ?? []).map(async (s) => {
        // By router too: with routers on two workers of one node, a producer id alone is ambiguous.
        const routerId = await room!.routerIdOf(s.router);
        const describe = (producerId: string) => deps.fleet.get(s.nodeId).call('describeProducer', { producerId, routerId });
        return {
          siteId: s.siteId,
          nodeId: s.nodeId,
          consumers: await Promise.all(s.consumers.map(async (c) => ({ ...c, producerOrigin: (await describe(c.producerId)).origin }))),
        };
      }),
    );
    return { items: sites };
  });
}
