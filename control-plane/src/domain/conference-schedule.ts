// Scheduling conferences: create, change, cancel, relay. Each runs inside the caller's
// transaction, so a clash found after resolving the participants undoes everything.
import {
  LienthongError,
  type ConferenceRecord,
  type conferenceListQuerySchema,
  type CreateConference,
  type CreateRelay,
  type Participants,
  type ScheduleClashDetails,
  type UpdateConference,
  editableStatuses,
  isEditable,
  isFinished,
  isRunning,
  canMoveConference,
  conferenceTransitions,
  runningStatuses,
  statusesAllowing,
} from '@lienthong/contracts';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { conferencesVisibleUnder } from './conference-access.js';
import { listConferences } from './conferences.js';
import { textSearch } from './like.js';
import { page } from './page.js';
import { findClash, saveParticipants } from './participants.js';

export async function getConferenceRecord(tx: Prisma.TransactionClient, id: string): Promise<ConferenceRecord | null> {
  const c = await tx.conference.findUnique({
    where: { id },
    include: {
      rules: { select: { unitId: true, downToTier: true }, orderBy: { unitId: 'asc' } },
      sites: { where: { explicit: true }, select: { siteId: true }, orderBy: { siteId: 'asc' } },
      _count: { select: { sites: true } },
      hostUnit: { select: { name: true, path: true } },
    },
  });
  if (!c) return null;
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    hostUnitId: c.hostUnitId,
    hostUnitName: c.hostUnit.name,
    hostUnitPath: c.hostUnit.path,
    originSiteId: c.originSiteId,
    parentId: c.parentId,
    scheduledStart: c.scheduledStart.toISOString(),
    scheduledEnd: c.scheduledEnd.toISOString(),
    agenda: c.agenda,
    recordingEnabled: c.recordingEnabled,
    rules: c.rules,
    explicitSiteIds: c.sites.map((s) => s.siteId),
    siteCount: c._count.sites,
  };
}

/** The conference and its host unit's path, or NOT_FOUND. */
export async function requireConference(tx: Prisma.TransactionClient, id: string) {
  const c = await tx.conference.findUnique({
    where: { id },
    select: { id: true, status: true, parentId: true, title: true, originSiteId: true, scheduledStart: true, scheduledEnd: true, hostUnit: { select: { path: true } } },
  });
  if (!c) throw new LienthongError('NOT_FOUND', `No conference ${id}`);
  return { ...c, hostPath: c.hostUnit.path };
}

export async function createConference(tx: Prisma.TransactionClient, input: CreateConference, parentId: string | null = null) {
  const { id } = await tx.conference.create({
    data: {
      title: input.title,
      hostUnitId: input.hostUnitId,
      originSiteId: input.originSiteId,
      scheduledStart: new Date(input.scheduledStart),
      scheduledEnd: new Date(input.scheduledEnd),
      agenda: input.agenda ?? null,
      recordingEnabled: input.recordingEnabled,
      parentId,
    },
    select: { id: true },
  });
  await resolveAndCheck(tx, id, input.participants);
  return (await getConferenceRecord(tx, id))!;
}

/** A relay of `parent`: same times, a lower unit as host, its hall a site of the parent. */
export async function createRelay(tx: Prisma.TransactionClient, parentId: string, input: CreateRelay) {
  const parent = await requireConference(tx, parentId);
  if (isFinished(parent.status)) {
    throw new LienthongError('CONFLICT', `Conference ${parentId} is ${parent.status}: it cannot be relayed`);
  }
  const hallInParent = await tx.conferenceSite.findUnique({
    where: { conferenceId_siteId: { conferenceId: parentId, siteId: input.originSiteId } },
  });
  if (!hallInParent) {
    throw new LienthongError('CONFLICT', `The relay's hall must be a site of "${parent.title}" to receive its program`);
  }
  return createConference(
    tx,
    {
      ...input,
      title: input.title ?? `Tiếp sóng: ${parent.title}`,
      scheduledStart: parent.scheduledStart.toISOString(),
      scheduledEnd: parent.scheduledEnd.toISOString(),
    },
    parentId,
  );
}

export async function updateConference(tx: Prisma.TransactionClient, id: string, change: UpdateConference) {
  const current = await requireConference(tx, id);
  if (!isEditable(current.status)) throw new LienthongError('CONFLICT', `Conference ${id} is ${current.status}: it can no longer change`);
  const start = change.scheduledStart ? new Date(change.scheduledStart) : current.scheduledStart;
  const end = change.scheduledEnd ? new Date(change.scheduledEnd) : current.scheduledEnd;
  if (end <= start) {
    throw new LienthongError('BAD_REQUEST', 'Invalid body: scheduledEnd: must be after scheduledStart', [
      { path: ['scheduledEnd'], message: 'must be after scheduledStart' },
    ]);
  }
  const moved = start.getTime() !== current.scheduledStart.getTime() || end.getTime() !== current.scheduledEnd.getTime();
  if (moved && current.parentId) throw new LienthongError('CONFLICT', "A relay keeps its parent's times: move the parent");
  const { participants, ...fields } = change;
  await tx.conference.update({
    where: { id },
    data: { ...fields, scheduledStart: start, scheduledEnd: end },
  });
  // A title or agenda change leaves the ~15,000 resolved rows of a national conference alone.
  if (participants) await resolveAndCheck(tx, id, participants);
  else if (moved) await checkClash(tx, { id, parentId: current.parentId, scheduledStart: start, scheduledEnd: end });
  if (moved) await moveRelays(tx, id, start, end);
  return (await getConferenceRecord(tx, id))!;
}

/** Relays follow their parent's times; at the new times they must not clash either. */
async function moveRelays(tx: Prisma.TransactionClient, parentId: string, scheduledStart: Date, scheduledEnd: Date) {
  const relays = await scheduledRelays(tx, parentId);
  await tx.conference.updateMany({ where: { parentId, status: { in: [...editableStatuses] } }, data: { scheduledStart, scheduledEnd } });
  for (const relay of relays) await checkClash(tx, { id: relay.id, parentId, scheduledStart, scheduledEnd });
}

/** The scheduled relays of a conference and their times (to move their jobs along). */
export const scheduledRelays = (tx: Prisma.TransactionClient, parentId: string) =>
  tx.conference.findMany({ where: { parentId, status: { in: [...editableStatuses] } }, select: { id: true, scheduledStart: true, scheduledEnd: true } });

/** Cancels the conference and its relays. */
export async function cancelConference(tx: Prisma.TransactionClient, id: string) {
  const current = await requireConference(tx, id);
  if (!canMoveConference(current.status, 'cancel')) {
    throw new LienthongError('CONFLICT', `Conference ${id} is already ${current.status}`);
  }
  await tx.conference.updateMany({
    where: { OR: [{ id }, { parentId: id }], status: { in: statusesAllowing('cancel') } },
    data: { status: conferenceTransitions.cancel.to },
  });
  return (await getConferenceRecord(tx, id))!;
}

/**
 * Ends a running conference now, with its running relays (they carry its program); answers the
 * record and every conference that ended, whose sessions must be let go.
 */
export async function endConference(tx: Prisma.TransactionClient, id: string) {
  const current = await requireConference(tx, id);
  if (!isRunning(current.status)) {
    throw new LienthongError('CONFLICT', `Conference ${id} is ${current.status}: only an open or live conference can be ended${canMoveConference(current.status, 'cancel') ? ' (cancel it instead)' : ''}`);
  }
  const ending = await tx.conference.findMany({ where: { OR: [{ id }, { parentId: id }], status: { in: [...runningStatuses] } }, select: { id: true } });
  await tx.conference.updateMany({ where: { id: { in: ending.map((c) => c.id) } }, data: { status: conferenceTransitions.end.to, endedAt: new Date() } });
  return { record: (await getConferenceRecord(tx, id))!, ended: ending.map((c) => c.id) };
}

async function resolveAndCheck(tx: Prisma.TransactionClient, id: string, participants: Participants) {
  const c = await tx.conference.findUniqueOrThrow({
    where: { id },
    select: { id: true, originSiteId: true, parentId: true, scheduledStart: true, scheduledEnd: true },
  });
  await saveParticipants(tx, c, participants);
  await checkClash(tx, c);
}

/** At most this many shared sites are named in a clash; `siteCount` says how many there are. */
const CLASH_SITES_NAMED = 10;

async function checkClash(tx: Prisma.TransactionClient, c: Parameters<typeof findClash>[1]) {
  const clash = await findClash(tx, c);
  if (!clash) return;
  const shared = { conferenceId: c.id, site: { conferences: { some: { conferenceId: clash.id } } } };
  const [other, sites, siteCount] = await Promise.all([
    tx.conference.findUniqueOrThrow({ where: { id: clash.id }, select: { status: true, scheduledStart: true, scheduledEnd: true } }),
    tx.conferenceSite.findMany({
      where: shared,
      select: { site: { select: { code: true, name: true } } },
      orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
      take: CLASH_SITES_NAMED,
    }),
    tx.conferenceSite.count({ where: shared }),
  ]);
  const details: ScheduleClashDetails = {
    conferenceId: clash.id,
    title: clash.title,
    status: other.status,
    scheduledStart: other.scheduledStart.toISOString(),
    scheduledEnd: other.scheduledEnd.toISOString(),
    sites: sites.map((s) => s.site),
    siteCount,
  };
  throw new LienthongError(
    'SCHEDULE_CLASH',
    `${siteCount} site(s), ${clash.siteCode} first, already in conference "${clash.title}" (${clash.id}) at that time`,
    [{ path: ['participants', clash.siteCode], message: `in conference ${clash.id}` }],
    details,
  );
}

export function listConferencePage(tx: Prisma.TransactionClient, root: string, q: z.output<typeof conferenceListQuerySchema>) {
  const where: Prisma.ConferenceWhereInput = {
    AND: [
      conferencesVisibleUnder(root),
      q.status ? { status: q.status } : {},
      q.parentId ? { parentId: q.parentId } : {},
      q.from ? { scheduledEnd: { gte: new Date(q.from) } } : {},
      q.to ? { scheduledStart: { lt: new Date(q.to) } } : {},
      textSearch(['title'], q.q),
    ],
  };
  return page(
    q,
    () => tx.conference.count({ where }),
    async (w) =>
      (await listConferences(tx, where, w)).map((c) => ({
        ...c,
        scheduledStart: c.scheduledStart.toISOString(),
        scheduledEnd: c.scheduledEnd.toISOString(),
      })),
  );
}
