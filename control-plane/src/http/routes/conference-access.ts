import { covers } from '../../auth/scope.js';
import type { Database } from '../../db/database.js';
import { reachesInto } from '../../domain/conference-access.js';
import { requireConference } from '../../domain/conference-schedule.js';
import type { Guard } from '../endpoint.js';

/**
 * Loads a conference the actor may see: hosted in its scope, or with sites in it. `sees` is the
 * subtree of the conference's sites the actor may see ("/" when it covers the host).
 */
export async function visibleConference(db: Database, call: Guard, id: string) {
  const conference = await requireConference(db.prisma, id);
  if (covers(call.actor, conference.hostPath)) return { conference, sees: '/' };
  if (!(await reachesInto(db.prisma, id, call.actor.unitPath))) return call.deny('Outside your unit subtree', id, conference.hostPath);
  return { conference, sees: call.actor.unitPath };
}

/** Loads a conference the actor may change: its host must be in scope. */
export async function ownedConference(db: Database, call: Guard, id: string) {
  const conference = await requireConference(db.prisma, id);
  await call.requireScope(conference.hostPath, id);
  return conference;
}
