import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, pgExecutor } from '../../src/db/migrate.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { defineRepositorySuite, MIGRATIONS } from './repository-suite.js';

async function scratchSession() {
  const scratch = await createScratchDatabase();
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  return {
    url: scratch.url,
    client,
    executor: pgExecutor(client),
    dispose: async () => {
      await client.end();
      await scratch.drop();
    },
  };
}

defineRepositorySuite({
  kind: 'postgres',
  createDatabase: async () => {
    const scratch = await createScratchDatabase();
    return { options: { databaseUrl: scratch.url }, dispose: scratch.drop };
  },
  createSession: scratchSession,
});

describe('PostgreSQL replicas starting together', () => {
  it('migrate one after the other under the advisory lock', async () => {
    const first = await scratchSession();
    const second = new pg.Client({ connectionString: first.url });
    await second.connect();
    try {
      const results = await Promise.all([applyMigrations(first.executor), applyMigrations(pgExecutor(second))]);
      expect(results.map((r) => r.applied).sort()).toEqual([[], MIGRATIONS]);
      const { rows } = await first.client.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows).toEqual([{ n: MIGRATIONS.length }]);
    } finally {
      await second.end();
      await first.dispose();
    }
  });
});
