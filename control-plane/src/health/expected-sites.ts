// The database side of the live console: which sites a conference expects, and its tiers' names.
import { listTiers } from '../domain/units.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ExpectedSite } from './health-aggregator.js';

/** The conference's participants, ordered by unit then name (the console's natural order). */
export async function expectedSites(prisma: Prisma.TransactionClient, conferenceId: string): Promise<ExpectedSite[]> {
  const rows = await prisma.conferenceSite.findMany({
    where: { conferenceId },
    select: { site: { select: { id: true, name: true, linkProfile: true, unit: { select: { name: true, path: true, tierLevel: true } } } } },
  });
  return rows
    .map(({ site }) => ({
      id: site.id,
      name: site.name,
      unitName: site.unit.name,
      unitPath: site.unit.path,
      tierLevel: site.unit.tierLevel,
      linkProfile: site.linkProfile,
    }))
    .sort((a, b) => (a.unitPath < b.unitPath ? -1 : a.unitPath > b.unitPath ? 1 : a.name.localeCompare(b.name)));
}

export async function tierNames(prisma: Prisma.TransactionClient): Promise<[number, string][]> {
  const tiers = await listTiers(prisma);
  return tiers.map((t) => [t.level, t.name]);
}
