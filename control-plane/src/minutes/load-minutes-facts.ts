// Loads a conference's stored facts for its minutes: the conference and its host, every invited
// site with whether it connected and the delegates it reported, the floor's changes (the audit
// trail records each with its time), the votes with their final tallies, and the opinions.
import { LienthongError, type MinutesHeader } from '@lienthong/contracts';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client.js';
import { groupOf, storedResult } from '../votes/vote-records.js';
import type { FloorChange, MinutesFacts, MinutesVote } from './minutes-facts.js';
import type { OpinionSource } from './opinions.js';

/** The audit entry of `conferences.giveFloor` (http/routes/conference-stage.ts) names the new holder. */
const floorDetailsSchema = z.object({ floor: z.string().nullable() });
const optionsSchema = z.array(z.string());
const countsSchema = z.array(z.number());

export async function loadMinutesFacts(prisma: PrismaClient, opinions: OpinionSource, conferenceId: string, header: MinutesHeader): Promise<MinutesFacts> {
  const c = await prisma.conference.findUnique({
    where: { id: conferenceId },
    select: {
      title: true,
      agenda: true,
      scheduledStart: true,
      scheduledEnd: true,
      endedAt: true,
      originSiteId: true,
      originSite: { select: { name: true } },
      hostUnit: { select: { code: true, name: true, path: true, parent: { select: { name: true } } } },
    },
  });
  if (!c) throw new LienthongError('NOT_FOUND', `No conference ${conferenceId}`);
  const [sites, tiers, floor, votes, received] = await Promise.all([
    loadSites(prisma, conferenceId),
    prisma.tier.findMany({ select: { level: true, name: true } }),
    loadFloorChanges(prisma, conferenceId),
    loadVotes(prisma, conferenceId),
    opinions.receivedFor(conferenceId),
  ]);
  const groupCodes = [...new Set(sites.map((s) => groupOf(c.hostUnit.path, s.unit.path)))];
  const units = await prisma.unit.findMany({ where: { code: { in: groupCodes } }, select: { code: true, name: true } });
  return {
    header,
    conference: { ...c, originSiteName: c.originSite.name },
    host: { code: c.hostUnit.code, name: c.hostUnit.name, path: c.hostUnit.path, parentName: c.hostUnit.parent?.name ?? null },
    tiers: new Map(tiers.map((t) => [t.level, t.name])),
    unitNames: new Map(units.map((u) => [u.code, u.name])),
    sites,
    floor,
    votes,
    opinions: received,
  };
}

async function loadSites(prisma: PrismaClient, conferenceId: string) {
  const rows = await prisma.conferenceSite.findMany({
    where: { conferenceId },
    orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
    select: {
      site: {
        select: {
          id: true,
          name: true,
          unit: { select: { code: true, name: true, path: true } },
          _count: { select: { attendance: { where: { conferenceId } } } },
          delegateReports: { where: { conferenceId }, select: { delegates: true } },
        },
      },
    },
  });
  return rows.map(({ site }) => ({
    siteId: site.id,
    siteName: site.name,
    unit: site.unit,
    attended: site._count.attendance > 0,
    delegates: site.delegateReports[0]?.delegates ?? null,
  }));
}

async function loadFloorChanges(prisma: PrismaClient, conferenceId: string): Promise<FloorChange[]> {
  const entries = await prisma.auditEntry.findMany({
    where: { resourceType: 'conferences', resourceId: conferenceId, action: 'conferences.giveFloor', outcome: 'done' },
    orderBy: { at: 'asc' },
    select: { at: true, details: true },
  });
  return entries.flatMap((e) => {
    const details = floorDetailsSchema.safeParse(e.details);
    return details.success ? [{ at: e.at, siteId: details.data.floor }] : [];
  });
}

async function loadVotes(prisma: PrismaClient, conferenceId: string): Promise<MinutesVote[]> {
  const [rows, invited] = await Promise.all([
    prisma.vote.findMany({ where: { conferenceId }, orderBy: { openedAt: 'asc' }, include: { entries: { select: { counts: true } } } }),
    prisma.conferenceSite.count({ where: { conferenceId } }),
  ]);
  return rows.map((v) => {
    const options = optionsSchema.parse(v.options);
    const result = v.closedAt ? storedResult(v) : null;
    // Still open (or its tally unreadable): what the entries written so far add up to.
    const totals = result?.totals ?? v.entries.reduce((sum, e) => sum.map((n, i) => n + (countsSchema.parse(e.counts)[i] ?? 0)), options.map(() => 0));
    return {
      question: v.question,
      options,
      secret: v.secret,
      openedAt: v.openedAt,
      closedAt: v.closedAt,
      totals,
      voted: result?.voted ?? v.entries.length,
      expected: result?.expected ?? invited,
    };
  });
}
