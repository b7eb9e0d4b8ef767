// Opinions in PostgreSQL: numbered per conference as they arrive, read in the shapes the
// secretariat, the sending site and the hall's screen need, and changed under row locks so two
// secretaries deciding at once on any replicas cannot both win.
import {
  LienthongError,
  opinionKindSchema,
  opinionStatusSchema,
  siteOpinionSchema,
  type HallOpinion,
  type Opinion,
  type OpinionStatus,
  type SiteOpinion,
} from '@lienthong/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

const withNames = {
  site: { select: { name: true, unit: { select: { name: true } } } },
  mergedInto: { select: { number: true } },
} as const satisfies Prisma.OpinionInclude;
type OpinionRow = Prisma.OpinionGetPayload<{ include: typeof withNames }>;

export function opinionToWire(row: OpinionRow): Opinion {
  return {
    id: row.id,
    conferenceId: row.conferenceId,
    number: row.number,
    siteId: row.siteId,
    siteName: row.site.name,
    unitName: row.site.unit.name,
    kind: opinionKindSchema.parse(row.kind),
    speakerName: row.speakerName,
    speakerRole: row.speakerRole,
    text: row.text,
    status: opinionStatusSchema.parse(row.status),
    reason: row.reason,
    mergedIntoId: row.mergedIntoId,
    mergedIntoNumber: row.mergedInto?.number ?? null,
    sentAt: row.sentAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** What the sending site sees of its own opinion. */
export const forSendingSite = (o: Opinion): SiteOpinion => siteOpinionSchema.parse(o);

export interface NewOpinion {
  conferenceId: string;
  siteId: string;
  clientRef: string;
  kind: string;
  speakerName: string;
  speakerRole: string;
  text: string;
}

/**
 * Stores an opinion with the conference's next number, or answers the one this site already
 * sent under the same `clientRef` (a resend). Numbering takes a per-conference lock for the
 * transaction: opinions come a few a minute, not hundreds a second.
 */
export async function insertOpinion(prisma: PrismaClient, input: NewOpinion): Promise<{ opinion: Opinion; created: boolean }> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`opinions:${input.conferenceId}`}))`;
    const { conferenceId, siteId, clientRef } = input;
    const existing = await tx.opinion.findUnique({ where: { conferenceId_siteId_clientRef: { conferenceId, siteId, clientRef } }, include: withNames });
    if (existing) return { opinion: opinionToWire(existing), created: false };
    const last = await tx.opinion.aggregate({ where: { conferenceId }, _max: { number: true } });
    const row = await tx.opinion.create({ data: { ...input, number: (last._max.number ?? 0) + 1 }, include: withNames });
    return { opinion: opinionToWire(row), created: true };
  });
}

export async function findOpinion(prisma: PrismaClient, id: string): Promise<Opinion> {
  const row = await prisma.opinion.findUnique({ where: { id }, include: withNames });
  if (!row) throw new LienthongError('NOT_FOUND', `No opinion ${id}`);
  return opinionToWire(row);
}

export async function readOpinions(prisma: PrismaClient | Prisma.TransactionClient, ids: readonly string[]): Promise<Opinion[]> {
  const rows = await prisma.opinion.findMany({ where: { id: { in: [...ids] } }, include: withNames, orderBy: { number: 'asc' } });
  return rows.map(opinionToWire);
}

/** A conference's opinions, oldest first; `under` keeps those of sites in one subtree ("/": all). */
export async function conferenceOpinions(prisma: PrismaClient, conferenceId: string, under = '/'): Promise<Opinion[]> {
  const rows = await prisma.opinion.findMany({
    where: { conferenceId, ...(under === '/' ? {} : { site: { unit: { path: { startsWith: under } } } }) },
    include: withNames,
    orderBy: { number: 'asc' },
  });
  return rows.map(opinionToWire);
}

export async function siteOpinions(prisma: PrismaClient, conferenceId: string, siteId: string): Promise<SiteOpinion[]> {
  const rows = await prisma.opinion.findMany({ where: { conferenceId, siteId }, include: withNames, orderBy: { number: 'asc' } });
  return rows.map((r) => forSendingSite(opinionToWire(r)));
}

/** How many of the site's opinions still wait for the secretariat. */
export const waitingFrom = (prisma: PrismaClient, conferenceId: string, siteId: string) =>
  prisma.opinion.count({ where: { conferenceId, siteId, status: 'pending' } });

/** What is on the chair's screen: the forwarded opinions, oldest first, each with those merged into it. */
export async function onChairScreen(prisma: PrismaClient, conferenceId: string): Promise<HallOpinion[]> {
  const rows = await prisma.opinion.findMany({
    where: { conferenceId, status: 'forwarded' },
    include: { ...withNames, merged: { select: { speakerName: true, site: { select: { name: true } } }, orderBy: { number: 'asc' } } },
    orderBy: { number: 'asc' },
  });
  return rows.map((r) => {
    const o = opinionToWire(r);
    return {
      id: o.id,
      number: o.number,
      kind: o.kind,
      siteName: o.siteName,
      unitName: o.unitName,
      speakerName: o.speakerName,
      speakerRole: o.speakerRole,
      text: o.text,
      alsoFrom: r.merged.map((m) => ({ siteName: m.site.name, speakerName: m.speakerName })),
    };
  });
}

export interface LockedOpinion {
  id: string;
  conferenceId: string;
  status: OpinionStatus;
}

/** Locks the opinions' rows for the transaction (in id order, so two merges cannot deadlock) and answers their state. */
export async function lockOpinions(tx: Prisma.TransactionClient, ids: readonly string[]): Promise<Map<string, LockedOpinion>> {
  const sorted = [...new Set(ids)].sort();
  const rows = await tx.$queryRaw<{ id: string; conference_id: string; status: string }[]>`
    SELECT id::text, conference_id::text, status FROM opinions WHERE id = ANY(${sorted}::uuid[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, { id: r.id, conferenceId: r.conference_id, status: opinionStatusSchema.parse(r.status) }]));
}
