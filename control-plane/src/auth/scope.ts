// Who is asking and which part of the unit tree they may touch. Pure: no I/O.
import { hasGlobalScope, type OperatorTokenClaims } from '@lienthong/contracts';
import { escapeLike } from '../domain/like.js';

export interface Actor {
  claims: OperatorTokenClaims;
  /** Path of the unit the actor is scoped to ("/TW/HN/"). */
  unitPath: string;
  ip: string | null;
}

/** Whether the actor may see or change something belonging to the unit at `path`. */
export function covers(actor: Actor, path: string): boolean {
  return hasGlobalScope(actor.claims.role) || path.startsWith(actor.unitPath);
}

/**
 * The narrower of the actor's scope and an optional requested subtree, as a unit path prefix;
 * null when the requested subtree lies outside the scope.
 */
export function effectiveRoot(actor: Actor, requestedPath: string | undefined): string | null {
  const own = hasGlobalScope(actor.claims.role) ? '/' : actor.unitPath;
  if (requestedPath === undefined) return own;
  return requestedPath.startsWith(own) ? requestedPath : null;
}

/** A prefix filter on a path column, for raw SQL: `path LIKE ${likePrefix(root)}`. */
export const likePrefix = (root: string) => `${escapeLike(root)}%`;
