// Who may see a conference's recordings. The rule (also in the README):
// - an ordinary conference: its host unit is the person's unit or above it (a resolution is
//   studied down the tree), or its host unit is inside the person's subtree, or its audience
//   has a site inside the person's subtree;
// - a secret conference: only the people named for it (conference_viewers), and those who manage
//   recordings (operators) whose scope covers its host unit.
// A system admin sees everything.
import { can, hasGlobalScope } from '@lienthong/contracts';
import type { Actor } from '../auth/scope.js';
import { unitSubtreeWhere } from '../domain/conferences.js';
import type { Prisma } from '../generated/prisma/client.js';

/** "/TW/HN/HN-BD/" -> ["/TW/", "/TW/HN/", "/TW/HN/HN-BD/"]: the unit and every unit above it. */
export function pathAndAncestors(unitPath: string): string[] {
  const codes = unitPath.split('/').filter(Boolean);
  return codes.map((_c, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The conferences whose recordings the actor may see, as a Prisma filter. */
export function conferencesWithVisibleRecordings(actor: Actor): Prisma.ConferenceWhereInput {
  if (hasGlobalScope(actor.claims.role)) return {};
  const own = actor.unitPath;
  const ordinary: Prisma.ConferenceWhereInput = {
    secret: false,
    OR: [
      { hostUnit: { path: { in: pathAndAncestors(own) } } },
      { hostUnit: unitSubtreeWhere(own) },
      { sites: { some: { site: { unit: unitSubtreeWhere(own) } } } },
    ],
  };
  const allowedSecret: Prisma.ConferenceWhereInput[] = [];
  if (isUuid(actor.claims.sub)) allowedSecret.push({ viewers: { some: { personId: actor.claims.sub } } });
  if (can(actor.claims.role, 'recordings.manage')) allowedSecret.push({ hostUnit: unitSubtreeWhere(own) });
  return { OR: [ordinary, { secret: true, OR: allowedSecret }] };
}

/**
 * Narrows a list to conferences hosted in, or reaching into, the subtree at `root` (the `under`
 * filter). The whole tree needs no filter.
 */
export const touchingSubtree = (root: string): Prisma.ConferenceWhereInput =>
  root === '/' ? {} : { OR: [{ hostUnit: unitSubtreeWhere(root) }, { sites: { some: { site: { unit: unitSubtreeWhere(root) } } } }] };
