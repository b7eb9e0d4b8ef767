// Votes in PostgreSQL: the vote, the sites taking part grouped by unit under the host, each site's
// last entry (written behind the live tally, ordered by revision) and the final tally at closing.
import { LienthongError, type Vote, type VoteTally } from '@lienthong/contracts';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client.js';
import { unitAncestorCodes } from '../domain/conferences.js';

type VoteRow = Awaited<ReturnType<PrismaClient['vote']['findUniqueOrThrow']>>;

export interface VoteFrame {
  vote: Vote;
  hostPath: string;
  /** groups in unit-code order: the units directly under the host (and the host, for its own sites) */
  groups: { code: string; name: string; expected: number }[];
  /** every site taking part, with its group, name and unit name */
  sites: Map<string, { group: string; name: string; unitName: string }>;
}

export interface EntryRow {
  voteId: string;
  siteId: string;
  counts: number[];
  revision: number;
  at: Date;
}

const optionsSchema = z.array(z.string());
const storedTallySchema = z.object({ totals: z.array(z.number()), voted: z.number(), expected: z.number(), groups: z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.array(z.number())])) });

export function voteToWire(row: VoteRow): Vote {
  return {
    id: row.id,
    conferenceId: row.conferenceId,
    question: row.question,
    options: optionsSchema.parse(row.options),
    secret: row.secret,
    status: row.closedAt ? 'closed' : 'open',
    openedAt: row.openedAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export const storedResult = (row: { result: unknown }): VoteTally | null => {
  const parsed = storedTallySchema.safeParse(row.result);
  return parsed.success ? parsed.data : null;
};

export async function createVote(
  prisma: PrismaClient,
  input: { conferenceId: string; question: string; options: string[]; secret: boolean; openedBy: string; closesAt: Date },
): Promise<Vote> {
  return voteToWire(await prisma.vote.create({ data: input }));
}

export async function conferenceVotes(prisma: PrismaClient, conferenceId: string) {
  return prisma.vote.findMany({ where: { conferenceId }, orderBy: { openedAt: 'desc' } });
}

export async function requireVote(prisma: PrismaClient, voteId: string) {
  const row = await prisma.vote.findUnique({ where: { id: voteId } });
  if (!row) throw new LienthongError('NOT_FOUND', `No vote ${voteId}`);
  return row;
}

/** The group a site's unit belongs to: its ancestor one level under the host, or the host itself. */
export function groupOf(hostPath: string, unitPath: string): string {
  const depth = unitAncestorCodes(hostPath).length;
  const codes = unitAncestorCodes(unitPath);
  return codes[depth] ?? codes.at(-1)!;
}

export async function loadFrame(prisma: PrismaClient, row: VoteRow): Promise<VoteFrame> {
  const conference = await prisma.conference.findUniqueOrThrow({ where: { id: row.conferenceId }, select: { hostUnit: { select: { path: true } } } });
  const hostPath = conference.hostUnit.path;
  const invited = await prisma.conferenceSite.findMany({
    where: { conferenceId: row.conferenceId },
    select: { siteId: true, site: { select: { name: true, unit: { select: { name: true, path: true } } } } },
  });
  const sites = new Map<string, { group: string; name: string; unitName: string }>();
  const expected = new Map<string, number>();
  for (const s of invited) {
    const group = groupOf(hostPath, s.site.unit.path);
    sites.set(s.siteId, { group, name: s.site.name, unitName: s.site.unit.name });
    expected.set(group, (expected.get(group) ?? 0) + 1);
  }
  const units = await prisma.unit.findMany({ where: { code: { in: [...expected.keys()] } }, select: { code: true, name: true } });
  const names = new Map(units.map((u) => [u.code, u.name]));
  const groups = [...expected.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => ({ code, name: names.get(code) ?? code, expected: n }));
  return { vote: voteToWire(row), hostPath, groups, sites };
}

/**
 * Upserts entries in one statement; an older revision never replaces a newer one. A site that
 * corrected its counts within one tick has two rows: only its newest goes (PostgreSQL refuses an
 * upsert that touches one row twice, and the whole batch would be lost with it).
 */
export async function writeEntries(prisma: Pick<PrismaClient, '$executeRawUnsafe'>, rows: EntryRow[]): Promise<void> {
  if (!rows.length) return;
  const newest = new Map<string, EntryRow>();
  for (const r of rows) {
    const key = `${r.voteId}|${r.siteId}`;
    const kept = newest.get(key);
    if (!kept || r.revision > kept.revision) newest.set(key, r);
  }
  const json = JSON.stringify([...newest.values()].map((r) => ({ vote_id: r.voteId, site_id: r.siteId, counts: r.counts, revision: r.revision, at: r.at.toISOString() })));
  await prisma.$executeRawUnsafe(
    `INSERT INTO "vote_entries" ("vote_id", "site_id", "counts", "revision", "first_at", "entered_at")
     SELECT r.vote_id, r.site_id, r.counts, r.revision, r.at, r.at
       FROM json_to_recordset($1::json) AS r(vote_id uuid, site_id uuid, counts jsonb, revision int, at timestamptz)
     ON CONFLICT ("vote_id", "site_id") DO UPDATE
       SET "counts" = EXCLUDED."counts", "revision" = EXCLUDED."revision", "entered_at" = EXCLUDED."entered_at"
       WHERE "vote_entries"."revision" < EXCLUDED."revision"`,
    json,
  );
}

/** Writes the final tally once (a second closing, on any replica, changes nothing). */
export async function finishVote(prisma: PrismaClient, voteId: string, tally: VoteTally, at: Date): Promise<void> {
  await prisma.vote.updateMany({ where: { id: voteId, closedAt: null }, data: { closedAt: at, result: tally } });
}

export async function storedEntries(prisma: PrismaClient, voteId: string) {
  return prisma.voteEntry.findMany({ where: { voteId }, select: { siteId: true, counts: true, revision: true, enteredAt: true } });
}
