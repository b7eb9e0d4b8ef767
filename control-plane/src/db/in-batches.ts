// Large statements cut into batches: building, sending and reading one statement about 15,000 rows
// (a national import) holds the event loop for a long stretch; a batch at a time lets heartbeats,
// health checks and signaling run between batches.

/** How many rows or keys one statement carries. */
export const batchSize = 2000;

/** Runs `query` over `items` one batch at a time, in order, and concatenates the answers. */
export async function inBatches<T, R>(items: readonly T[], query: (batch: T[]) => Promise<R[]>, size = batchSize): Promise<R[]> {
  const answers: R[] = [];
  for (let at = 0; at < items.length; at += size) answers.push(...(await query(items.slice(at, at + size))));
  return answers;
}
