// Loads what the attendance tables are built from: the conference's sites in a subtree, their
// units, connected intervals and reported delegates, in unit-tree order.
import type { Prisma } from '../generated/prisma/client.js';
import type { SiteAttendance, UnitInfo } from './attendance-table.js';
import { unitSubtreeWhere } from './conferences.js';

export async function loadSiteAttendance(prisma: Prisma.TransactionClient, conferenceId: string, root: string): Promise<SiteAttendance[]> {
  const rows = await prisma.conferenceSite.findMany({
    where: { conferenceId, site: { unit: unitSubtreeWhere(root) } },
    orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
    select: {
      site: {
        select: {
          code: true,
          name: true,
          unit: { select: { code: true, name: true, path: true } },
          attendance: { where: { conferenceId }, orderBy: { joinedAt: 'asc' }, select: { joinedAt: true, leftAt: true } },
          delegateReports: { where: { conferenceId }, select: { delegates: true } },
        },
      },
    },
  });
  return rows.map(({ site }) => ({
    siteCode: site.code,
    siteName: site.name,
    unit: site.unit,
    intervals: site.attendance,
    delegates: site.delegateReports[0]?.delegates ?? null,
  }));
}

/** Names and tier names of the units with these codes. */
export async function unitInfoByCode(prisma: Prisma.TransactionClient, codes: string[]): Promise<Map<string, UnitInfo>> {
  const units = await prisma.unit.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true, tier: { select: { name: true } } },
  });
  return new Map(units.map((u) => [u.code, { code: u.code, name: u.name, tierName: u.tier.name }]));
}
