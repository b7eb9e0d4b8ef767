// Join links in the database: issued on first asking, one live link per site and conference,
// re-issued on an operator's request (the old one revoked), resolved when a site connects.
import { joinCodeSchema, LienthongError } from '@lienthong/contracts';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import type { SqlClient } from '../db/sql-client.js';
import { newJoinCode } from './join-codes.js';

/** A link outlives its conference's scheduled end by this much: conferences overrun. */
export const joinLinkGraceMs = 6 * 3600_000;
export const linkExpiry = (scheduledEnd: Date) => new Date(scheduledEnd.getTime() + joinLinkGraceMs);

export interface IssuedLink {
  code: string;
  generation: number;
  expiresAt: Date;
}
interface LinkConference {
  id: string;
  scheduledEnd: Date;
}

/** The live link of each site, issuing the missing ones; expiries follow a conference that moved. */
export async function liveLinks(prisma: Prisma.TransactionClient, conference: LinkConference, siteIds: string[]): Promise<Map<string, IssuedLink>> {
  const expiresAt = linkExpiry(conference.scheduledEnd);
  const live = { conferenceId: conference.id, siteId: { in: siteIds }, revokedAt: null };
  await prisma.joinLink.updateMany({ where: { ...live, expiresAt: { not: expiresAt } }, data: { expiresAt } });
  const found = await prisma.joinLink.findMany({ where: live, select: { siteId: true, code: true, generation: true, expiresAt: true } });
  const links = new Map(found.map((l) => [l.siteId, l]));
  const missing = siteIds.filter((id) => !links.has(id));
  if (missing.length) {
    // A site without a live link never had one (a re-issue replaces in one transaction): generation 1.
    // Two callers issuing at once collide on (conference, site, generation); the loser reads the winner's.
    await prisma.joinLink.createMany({
      data: missing.map((siteId) => ({ code: newJoinCode(), conferenceId: conference.id, siteId, generation: 1, expiresAt })),
      skipDuplicates: true,
    });
    const added = await prisma.joinLink.findMany({
      where: { ...live, siteId: { in: missing } },
      select: { siteId: true, code: true, generation: true, expiresAt: true },
    });
    for (const l of added) links.set(l.siteId, l);
  }
  return links;
}

/** Revokes the site's live link (every generation up to it) and issues the next one. Run it in a transaction. */
export async function reissueLink(tx: Prisma.TransactionClient, conference: LinkConference, siteId: string): Promise<IssuedLink & { revoked: string | null }> {
  const last = await tx.joinLink.findFirst({ where: { conferenceId: conference.id, siteId }, orderBy: { generation: 'desc' } });
  await tx.joinLink.updateMany({ where: { conferenceId: conference.id, siteId, revokedAt: null }, data: { revokedAt: new Date() } });
  // Generation 0 (tokens minted without a link) is revoked too: the floor is the revoked generation.
  const generation = (last?.generation ?? 0) + 1;
  const created = await tx.joinLink.create({
    data: { code: newJoinCode(), conferenceId: conference.id, siteId, generation, expiresAt: linkExpiry(conference.scheduledEnd) },
  });
  return { code: created.code, generation, expiresAt: created.expiresAt, revoked: last && !last.revokedAt ? last.code : null };
}

const codeRowSchema = z.object({
  siteId: z.string(),
  conferenceId: z.string(),
  generation: z.number().int(),
  revokedAt: z.date().nullable(),
  scheduledEnd: z.date(),
});

/** What a join code opens (one statement: every site's connection asks); refuses an unknown, revoked or expired link with its own error. */
export async function resolveJoinCode(sql: SqlClient, raw: string) {
  const code = joinCodeSchema.safeParse(raw);
  const rows = code.success
    ? await sql.query(
        `SELECT l.site_id::text AS "siteId", l.conference_id::text AS "conferenceId", l.generation, l.revoked_at AS "revokedAt", c.scheduled_end AS "scheduledEnd"
           FROM join_links l JOIN conferences c ON c.id = l.conference_id
          WHERE l.code = $1`,
        [code.data],
      )
    : [];
  const link = rows.length ? codeRowSchema.parse(rows[0]) : null;
  if (!link) throw new LienthongError('UNAUTHENTICATED', 'This join link does not exist; check it against the printed list');
  if (link.revokedAt) throw new LienthongError('LINK_REVOKED', `This join link was replaced on ${link.revokedAt.toISOString()}; ask the organisers for the new one`);
  // The conference's end now, not when the link was printed: a conference moved later keeps its links.
  if (Date.now() > linkExpiry(link.scheduledEnd).getTime()) throw new LienthongError('LINK_EXPIRED');
  return { siteId: link.siteId, conferenceId: link.conferenceId, generation: link.generation };
}
