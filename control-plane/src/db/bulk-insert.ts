// Many rows per INSERT, the rows travelling as a single JSON parameter. Prisma's createMany
// binds every value separately: ~1 ms a row on PGlite, 13 s for a national import of units.
// Batches of a few thousand rows (in the caller's transaction), so no statement holds the event
// loop for long; they go in order, so a unit's parent is always inserted before it.
import type { Prisma } from '../generated/prisma/client.js';
import { inBatches } from './in-batches.js';

type Row = Record<string, string | number | boolean | null>;

/**
 * Inserts `rows` (keyed by column name, every row with the same keys) into `table`; columns not
 * named keep their defaults. Table and column names come from code, never from requests.
 */
export async function insertRows(tx: Prisma.TransactionClient, table: 'units' | 'sites', rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  if (!columns.every((c) => /^[a-z_]+$/.test(c))) throw new Error(`not column names: ${columns.join(', ')}`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  const counts = await inBatches(rows, async (batch) => [await tx.$executeRawUnsafe(sql, JSON.stringify(batch))]);
  return counts.reduce((a, b) => a + b, 0);
}
