import { LienthongError, type Participants } from '@lienthong/contracts';
import { covers } from '../../auth/scope.js';
import type { Database } from '../../db/database.js';
import type { ConferenceEndings } from '../../live/conference-endings.js';
import {
  cancelConference,
  createConference,
  createRelay,
  endConference,
  getConferenceRecord,
  requireConference,
  scheduledRelays,
  updateConference,
} from '../../domain/conference-schedule.js';
import { participantPaths } from '../../domain/participants.js';
import { requireSite } from '../../domain/site-records.js';
import { requireUnit } from '../../domain/units.js';
import type { MinutesJobs } from '../../scheduling/job-handler.js';
import type { ScheduledTimes } from '../../scheduling/job-queue.js';
import type { Guard, Mount } from '../endpoint.js';
import { ownedConference } from './conference-access.js';

/** What the routes need from the job queue. */
export interface Scheduler {
  schedule(c: ScheduledTimes): Promise<void>;
  unschedule(c: ScheduledTimes): Promise<void>;
}

/** Scheduling conferences: create, change, cancel, end, relay. */
export function mountConferenceScheduleRoutes(
  mount: Mount,
  { db, scheduler, endings, minutes }: { db: Database; scheduler: Scheduler; endings: ConferenceEndings; minutes: Pick<MinutesJobs, 'conferencesEnded'> },
) {
  /**
   * The host must be in the actor's scope, and the hall and every participant in the host's
   * subtree. A participant outside the actor's scope is a 403 (audited), outside the host's a 400.
   */
  async function checkPlacement(call: Guard, hostUnitId: string, originSiteId: string | undefined, participants: Participants | undefined) {
    const host = await requireUnit(db.prisma, hostUnitId, 'host unit');
    await call.requireScope(host.path, null);
    const named = [
      ...(originSiteId ? [{ id: originSiteId, path: (await requireSite(db.prisma, originSiteId)).unitPath }] : []),
      ...(participants ? await participantPaths(db.prisma, participants) : []),
    ];
    for (const { id, path } of named) {
      if (!covers(call.actor, path)) await call.deny('A participant is outside your unit subtree', id, path);
      if (!path.startsWith(host.path)) {
        throw new LienthongError('BAD_REQUEST', `${id} is not in the host unit's subtree (${host.code})`);
      }
    }
    return host;
  }

  mount('conferences.create', async (call) => {
    const host = await checkPlacement(call, call.body.hostUnitId, call.body.originSiteId, call.body.participants);
    const record = await call.change(async (tx) => {
      const c = await createConference(tx, call.body);
      return { result: c, resourceId: c.id, unitPath: host.path, details: { title: c.title, siteCount: c.siteCount } };
    });
    await scheduler.schedule({ id: record.id, scheduledStart: record.scheduledStart, scheduledEnd: record.scheduledEnd });
    return record;
  });

  mount('conferences.update', async (call) => {
    const before = await ownedConference(db, call, call.params.id);
    const record = (await getConferenceRecord(db.prisma, before.id))!;
    const relays = await scheduledRelays(db.prisma, before.id);
    await checkPlacement(call, record.hostUnitId, call.body.originSiteId, call.body.participants);
    const after = await call.change(async (tx) => {
      const c = await updateConference(tx, before.id, call.body);
      return { result: c, resourceId: c.id, unitPath: before.hostPath, details: { changed: Object.keys(call.body), siteCount: c.siteCount } };
    });
    if (after.scheduledStart !== record.scheduledStart || after.scheduledEnd !== record.scheduledEnd) {
      // The conference and its relays, which moved with it.
      for (const old of [record, ...relays]) {
        await scheduler.unschedule(old);
        await scheduler.schedule({ id: old.id, scheduledStart: after.scheduledStart, scheduledEnd: after.scheduledEnd });
      }
    }
    return after;
  });

  mount('conferences.cancel', async (call) => {
    const before = await ownedConference(db, call, call.params.id);
    const record = await call.change(async (tx) => ({
      result: await cancelConference(tx, before.id),
      resourceId: before.id,
      unitPath: before.hostPath,
    }));
    await scheduler.unschedule(record);
    // A cancelled conference that was already open lets its sites go, with its relays'.
    const relays = await db.prisma.conference.findMany({ where: { parentId: before.id }, select: { id: true } });
    await endings.announce([before.id, ...relays.map((r) => r.id)]);
    return record;
  });

  mount('conferences.end', async (call) => {
    const before = await ownedConference(db, call, call.params.id);
    const { record, ended } = await call.change(async (tx) => {
      const result = await endConference(tx, before.id);
      return { result, resourceId: before.id, unitPath: before.hostPath, details: { ended: result.ended } };
    });
    await endings.announce(ended);
    await minutes.conferencesEnded(ended);
    return record;
  });

  mount('conferences.relay', async (call) => {
    // The parent is usually hosted above the actor's scope: it need only be visible through the hall.
    await requireConference(db.prisma, call.params.id);
    const host = await checkPlacement(call, call.body.hostUnitId, call.body.originSiteId, call.body.participants);
    const record = await call.change(async (tx) => {
      const c = await createRelay(tx, call.params.id, call.body);
      return { result: c, resourceId: c.id, unitPath: host.path, details: { parentId: call.params.id, siteCount: c.siteCount } };
    });
    await scheduler.schedule(record);
    return record;
  });
}
