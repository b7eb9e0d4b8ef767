// Who may see a conference: anyone whose scope covers its host unit, and anyone with a site
// taking part (a province sees the national conference it relays, and only its own sites in it).
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';

/** Conferences hosted in, or reaching into, the subtree at `root`. */
export const conferencesVisibleUnder = (root: string): Prisma.ConferenceWhereInput =>
  root === '/' ? {} : { OR: [{ hostUnit: unitSubtreeWhere(root) }, { sites: { some: { site: { unit: unitSubtreeWhere(root) } } } }] };

export async function reachesInto(prisma: Prisma.TransactionClient, conferenceId: string, root: string): Promise<boolean> {
  const row = await prisma.conferenceSite.findFirst({
    where: { conferenceId, site: { unit: unitSubtreeWhere(root) } },
    select: { siteId: true },
  });
  return row !== null;
}

/** The ids of the conference's sites in the subtree at `root`. */
export async function siteIdsUnder(prisma: Prisma.TransactionClient, conferenceId: string, root: string): Promise<Set<string>> {
  const rows = await prisma.conferenceSite.findMany({
    where: { conferenceId, site: { unit: unitSubtreeWhere(root) } },
    select: { siteId: true },
  });
  return new Set(rows.map((r) => r.siteId));
}
