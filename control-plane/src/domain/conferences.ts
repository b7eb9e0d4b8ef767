// Reading conferences and who takes part in them.
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { escapeLike } from './like.js';

const uuid = z.guid();

/** Conferences (every one unless filtered), earliest first, with how many sites are invited. */
export async function listConferences(
  prisma: Prisma.TransactionClient,
  where: Prisma.ConferenceWhereInput = {},
  window: { skip?: number; take?: number } = {},
) {
  const rows = await prisma.conference.findMany({
    where,
    ...window,
    orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      title: true,
      status: true,
      hostUnit: { select: { id: true, name: true } },
      scheduledStart: true,
      scheduledEnd: true,
      _count: { select: { sites: true } },
    },
  });
  return rows.map(({ _count, ...conference }) => ({ ...conference, siteCount: _count.sites }));
}

export type ConferenceSummaryRow = Awaited<ReturnType<typeof listConferences>>[number];

/**
 * A conference with its invited sites, in unit-tree order (the hall's unit first). `isOrigin`
 * marks the hall the program starts from. Null when there is no such conference.
 */
export async function getConferenceWithSites(prisma: Prisma.TransactionClient, id: string) {
  if (!uuid.safeParse(id).success) return null;
  const conference = await prisma.conference.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      status: true,
      originSiteId: true,
      recordingEnabled: true,
      scheduledStart: true,
      scheduledEnd: true,
      hostUnit: { select: { id: true, name: true } },
      sites: {
        orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
        select: {
          site: {
            select: {
              id: true,
              code: true,
              name: true,
              linkProfile: true,
              unit: { select: { id: true, name: true, tierLevel: true } },
            },
          },
        },
      },
    },
  });
  if (!conference) return null;
  return {
    ...conference,
    sites: conference.sites.map(({ site }) => ({ ...site, isOrigin: site.id === conference.originSiteId })),
  };
}

export type ConferenceWithSites = NonNullable<Awaited<ReturnType<typeof getConferenceWithSites>>>;

const unitPath = /^\/(?:[^/]+\/)+$/;

/**
 * Units in the subtree rooted at the unit with this path (itself included), as a Prisma filter;
 * use it under a relation too: `{ unit: unitSubtreeWhere(path) }`. Prisma's `startsWith` puts the
 * value into LIKE unescaped, so a code holding `_` or `%` would match other units' paths.
 */
export function unitSubtreeWhere(path: string): Prisma.UnitWhereInput {
  return { path: { startsWith: escapeLike(path) } };
}

/** "/TW/HN/HN-BD/" -> ["TW", "HN", "HN-BD"]: the codes from the root down to the unit itself. */
export function unitAncestorCodes(path: string): string[] {
  if (!unitPath.test(path)) throw new RangeError(`not a unit path: ${JSON.stringify(path)}`);
  return path.slice(1, -1).split('/');
}
