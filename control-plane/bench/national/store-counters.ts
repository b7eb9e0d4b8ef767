// Work the stores did, read as counters before and after a phase: Redis commands (INFO
// commandstats of the bench's own redis-server, so no other process's commands count) and
// PostgreSQL transactions of the bench's own database (pg_stat_database; pg_stat_statements is
// not installed here). PostgreSQL publishes its statistics with up to a second's delay.
import { Redis } from 'ioredis';
import pg from 'pg';

export interface StoreCounts {
  redisCommands: number;
  redisByCommand: Record<string, number>;
  pgTransactions: number;
}

export async function redisCommandCounts(redisUrl: string): Promise<{ total: number; byCommand: Record<string, number> }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // a refused connection rejects connect() below
  try {
    await redis.connect();
    const info = await redis.info('commandstats');
    const byCommand: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      const [, command, calls] = match;
      // The INFO asked here is not the system's work.
      if (command !== 'info') byCommand[command!] = Number(calls);
    }
    return { total: Object.values(byCommand).reduce((a, b) => a + b, 0), byCommand };
  } finally {
    redis.disconnect();
  }
}

export async function pgTransactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export async function storeCounts(redisUrl: string, databaseUrl: string): Promise<StoreCounts> {
  const [redis, pgCount] = await Promise.all([redisCommandCounts(redisUrl), pgTransactions(databaseUrl)]);
  return { redisCommands: redis.total, redisByCommand: redis.byCommand, pgTransactions: pgCount };
}

/** Per-command calls between two readings, largest first, zeros left out. */
export function commandDelta(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(b)
      .map(([command, calls]) => [command, calls - (a[command] ?? 0)] as const)
      .filter(([, calls]) => calls > 0)
      .sort((x, y) => y[1] - x[1]),
  );
}
