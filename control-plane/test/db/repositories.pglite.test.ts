import { PGlite } from '@electric-sql/pglite';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { pgliteExecutor } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/seed/demo.js';
import { defineRepositorySuite, MIGRATIONS } from './repository-suite.js';

defineRepositorySuite({
  kind: 'pglite',
  // No URL and no directory: an in-memory PGlite that close() discards.
  createDatabase: async () => ({ options: {}, dispose: async () => {} }),
  createSession: async () => {
    const db = await PGlite.create();
    return { executor: pgliteExecutor(db), dispose: () => db.close() };
  },
});

describe('PGlite in a data directory', () => {
  it('keeps data across restarts and migrates only once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lienthong-pglite-'));
    try {
      const applied: string[] = [];
      const logger = {
        info: (fields: { migration?: string }) => void (fields.migration && applied.push(fields.migration)),
        warn: () => {},
      };

      const first = await openDatabase({ pgliteDataDir: dir, logger });
      const seed = await seedDemo(first.prisma);
      await first.close();

      const second = await openDatabase({ pgliteDataDir: dir, logger });
      try {
        expect(applied).toEqual(MIGRATIONS);
        const hall = await second.prisma.site.findUnique({ where: { id: seed.hallSiteId }, select: { name: true } });
        expect(hall).toEqual({ name: 'Hội trường Trung ương' });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
