// Who takes part in a conference: its explicit sites, its hall and every site its rules reach,
// resolved in the database (a national conference reaches ~15,000 sites: the rows never travel
// through this process), and checked against other conferences at the same time.
import { LienthongError, type participantListQuerySchema, type Participants, unfinishedStatuses } from '@lienthong/contracts';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';
import { textSearch } from './like.js';
import { page } from './page.js';

/** The units and sites a participant list names, each with its unit path, for scope checks. */
export async function participantPaths(tx: Prisma.TransactionClient, p: Participants) {
  const unitIds = [...new Set(p.rules.map((r) => r.unitId))];
  const siteIds = [...new Set(p.sites)];
  const [units, sites] = await Promise.all([
    tx.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, code: true, path: true, tierLevel: true } }),
    tx.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, unit: { select: { path: true } } } }),
  ]);
  const found = new Set([...units.map((u) => u.id), ...sites.map((s) => s.id)]);
  const missing = [
    ...unitIds.filter((id) => !found.has(id)).map((id) => `unit ${id}`),
    ...siteIds.filter((id) => !found.has(id)).map((id) => `site ${id}`),
  ];
  if (missing.length) throw new LienthongError('NOT_FOUND', `No ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  for (const rule of p.rules) {
    const unit = units.find((u) => u.id === rule.unitId)!;
    if (rule.downToTier !== null && rule.downToTier < unit.tierLevel) {
      throw new LienthongError('BAD_REQUEST', `The rule for ${unit.code} reaches no site: ${unit.code} is on tier ${unit.tierLevel}`);
    }
  }
  return [...units.map((u) => ({ id: u.id, path: u.path })), ...sites.map((s) => ({ id: s.id, path: s.unit.path }))];
}

/** Replaces the conference's rules and explicit sites, then resolves them into conference_sites. */
export async function saveParticipants(
  tx: Prisma.TransactionClient,
  conference: { id: string; originSiteId: string },
  p: Participants,
): Promise<number> {
  await tx.conferenceRule.deleteMany({ where: { conferenceId: conference.id } });
  await tx.conferenceRule.createMany({
    data: p.rules.map((r) => ({ conferenceId: conference.id, unitId: r.unitId, downToTier: r.downToTier })),
    skipDuplicates: true,
  });
  await tx.conferenceSite.deleteMany({ where: { conferenceId: conference.id } });
  // One statement: rule sites (a subtree by path prefix, cut at a tier), explicit sites, the hall.
  return tx.$executeRaw`
    INSERT INTO conference_sites (conference_id, site_id, explicit)
    SELECT ${conference.id}::uuid, x.site_id, bool_or(x.explicit)
      FROM (
        SELECT s.id AS site_id, false AS explicit
          FROM conference_rules r
          JOIN units root ON root.id = r.unit_id
          JOIN units u ON starts_with(u.path, root.path)
                      AND (r.down_to_tier IS NULL OR u.tier_level <= r.down_to_tier)
          JOIN sites s ON s.unit_id = u.id
         WHERE r.conference_id = ${conference.id}::uuid
        UNION ALL
        SELECT unnest(string_to_array(${p.sites.join(',')}, ','))::uuid, true
        UNION ALL
        SELECT ${conference.originSiteId}::uuid, false
      ) x
     GROUP BY x.site_id`;
}

export interface Clash {
  id: string;
  title: string;
  siteCode: string;
}

/**
 * Another conference, not over (the lifecycle's unfinished statuses), that overlaps this one in time and shares a site.
 * A relay and its parent share sites by design and are not a clash.
 */
export async function findClash(
  tx: Prisma.TransactionClient,
  c: { id: string; parentId: string | null; scheduledStart: Date; scheduledEnd: Date },
): Promise<Clash | null> {
  const rows = await tx.$queryRaw<Clash[]>`
    SELECT other.id::text AS id, other.title, s.code AS "siteCode"
      FROM conference_sites mine
      JOIN conference_sites theirs ON theirs.site_id = mine.site_id AND theirs.conference_id <> mine.conference_id
      JOIN conferences other ON other.id = theirs.conference_id
      JOIN sites s ON s.id = mine.site_id
     WHERE mine.conference_id = ${c.id}::uuid
       AND other.status::text = ANY(${[...unfinishedStatuses]}::text[])
       AND other.scheduled_start < ${c.scheduledEnd.toISOString()}::timestamptz
       AND other.scheduled_end > ${c.scheduledStart.toISOString()}::timestamptz
       AND other.id IS DISTINCT FROM ${c.parentId}::uuid
       AND other.parent_id IS DISTINCT FROM ${c.id}::uuid
     LIMIT 1`;
  return rows[0] ?? null;
}

export function listParticipants(
  prisma: Prisma.TransactionClient,
  conferenceId: string,
  root: string,
  q: z.output<typeof participantListQuerySchema>,
) {
  const where: Prisma.ConferenceSiteWhereInput = {
    conferenceId,
    ...(q.explicit !== undefined ? { explicit: q.explicit } : {}),
    site: { AND: [{ unit: unitSubtreeWhere(root) }, textSearch(['code', 'name'], q.q)] },
  };
  return page(
    q,
    () => prisma.conferenceSite.count({ where }),
    async (w) =>
      (
        await prisma.conferenceSite.findMany({
          where,
          orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
          select: { explicit: true, site: { select: { id: true, code: true, name: true, unitId: true, unit: { select: { path: true, name: true } } } } },
          ...w,
        })
      ).map(({ explicit, site }) => ({
        siteId: site.id,
        code: site.code,
        name: site.name,
        unitId: site.unitId,
        unitPath: site.unit.path,
        unitName: site.unit.name,
        explicit,
      })),
  );
}
