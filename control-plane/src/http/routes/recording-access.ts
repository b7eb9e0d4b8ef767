import type { Database } from '../../db/database.js';
import { findVisibleRecording } from '../../recordings/library.js';
import type { Guard } from '../endpoint.js';

/** Loads a recording the actor may see (recordings/visibility.ts), or refuses with 403 and an audit entry. */
export async function visibleRecording(db: Database, call: Guard, id: string) {
  return (await playableRecording(db, call, id)).row;
}

/** `visibleRecording`, with the audience version its media URLs are signed with. */
export async function playableRecording(db: Database, call: Guard, id: string) {
  const { row, hostPath, audienceVersion } = await findVisibleRecording(db.prisma, call.actor, id);
  return { row: row ?? (await call.deny('This recording is not for your unit', id, hostPath)), audienceVersion };
}
