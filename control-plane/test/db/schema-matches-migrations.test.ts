// The hand-written migrations must build exactly the schema schema.prisma describes (the native
// engine that would generate them is not available offline). Compared both ways: a model,
// column, index or constraint missing on either side fails.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, pgExecutor } from '../../src/db/migrate.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { loadDmmf } from './dmmf.js';
import { actualShape, expectedShape, type SchemaShape } from './schema-shape.js';

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

describe('prisma/migrations agree with schema.prisma', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let client: pg.Client;
  let expected: SchemaShape;
  const introspect = () => actualShape(async <Row>(sql: string) => (await client.query(sql)).rows as Row[]);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await applyMigrations(pgExecutor(client));
    expected = expectedShape(await loadDmmf(schemaPath));
  });
  afterAll(async () => {
    await client?.end();
    await scratch?.drop();
  });

  it('builds every model, column, enum, index and constraint, and nothing else', async () => {
    expect(Object.keys(expected.tables).sort()).toEqual([
      'attendance_intervals',
      'audit_log',
      'conference_minutes',
      'conference_rules',
      'conference_sites',
      'conference_viewers',
      'conferences',
      'delegate_reports',
      'documents',
      'join_links',
      'opinions',
      'people',
      'recordings',
      'sites',
      'study_assignments',
      'study_records',
      'tiers',
      'units',
      'vote_entries',
      'votes',
    ]);
    expect(await introspect()).toEqual(expected);
  });

  // The comparison has teeth: each drift below, made inside a transaction that is rolled back,
  // must make the database differ from the schema.
  it.each([
    ['a timestamptz column turned into timestamp', `ALTER TABLE conferences ALTER COLUMN scheduled_start TYPE TIMESTAMP(3)`],
    ['another timestamp precision', `ALTER TABLE units ALTER COLUMN created_at TYPE TIMESTAMPTZ(6)`],
    ['a nullable column made required', `ALTER TABLE sites ALTER COLUMN address SET NOT NULL`],
    ['a default dropped', `ALTER TABLE conferences ALTER COLUMN recording_enabled DROP DEFAULT`],
    ['an enum value added', `ALTER TYPE link_profile ADD VALUE 'lte'`],
    ['an extra column', `ALTER TABLE sites ADD COLUMN note TEXT`],
    ['an extra table', `CREATE TABLE stray (id INTEGER)`],
    ['an index without its operator class', `DROP INDEX units_path_idx; CREATE INDEX units_path_idx ON units (path)`],
    ['an index renamed', `ALTER INDEX sites_code_key RENAME TO sites_code_unique`],
    ['a unique index that is not unique', `DROP INDEX sites_code_key; CREATE INDEX sites_code_key ON sites (code)`],
    [
      'another delete action',
      `ALTER TABLE conference_sites DROP CONSTRAINT conference_sites_site_id_fkey;
       ALTER TABLE conference_sites ADD CONSTRAINT conference_sites_site_id_fkey FOREIGN KEY (site_id)
         REFERENCES sites (id) ON DELETE RESTRICT ON UPDATE CASCADE`,
    ],
    ['a unique constraint instead of an index', `DROP INDEX units_code_key; ALTER TABLE units ADD CONSTRAINT units_code_key UNIQUE (code)`],
  ])('notices %s', async (_drift, sql) => {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      expect(await introspect()).not.toEqual(expected);
    } finally {
      await client.query('ROLLBACK');
    }
    expect(await introspect()).toEqual(expected);
  });
});
