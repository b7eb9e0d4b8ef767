// Applies prisma/migrations/*/migration.sql ourselves: Prisma's `migrate deploy` needs its native
// schema engine, which cannot be installed offline. We keep Prisma's bookkeeping (the
// `_prisma_migrations` table, sha256 checksums, its advisory lock key) so that `prisma migrate
// deploy|status` still understand a database we migrated, wherever the engine exists.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { ClientBase } from 'pg';

/** One database session: statements run in order on the same connection. */
export interface MigrationExecutor {
  /** Runs a script of several `;`-separated statements, without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with `$1`-style parameters. */
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A PostgreSQL server can have several migrators at once (replicas starting together). */
  readonly sharedServer: boolean;
}

/** A pg client (not a pool: the advisory lock belongs to one session). */
export function pgExecutor(client: ClientBase): MigrationExecutor {
  return {
    // Without parameters pg uses the simple query protocol, which accepts several statements.
    exec: async (sql) => void (await client.query(sql)),
    query: async <Row extends object>(sql: string, params: unknown[] = []) =>
      (await client.query<Row>(sql, params)).rows,
    sharedServer: true,
  };
}

export function pgliteExecutor(db: PGlite): MigrationExecutor {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <Row extends object>(sql: string, params: unknown[] = []) =>
      (await db.query<Row>(sql, params)).rows,
    sharedServer: false,
  };
}

export interface MigrationLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ApplyMigrationsOptions {
  /** Defaults to control-plane/prisma/migrations. */
  migrationsDir?: string;
  logger?: MigrationLogger;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly migration: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`migration ${migration}: ${message}`, options);
  }
}

const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

// The key Prisma Migrate itself locks, so our migrator and `prisma migrate deploy` exclude each other.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Prisma's own definition of its bookkeeping table on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies, in name order, every migration not yet recorded as finished, each in its own
 * transaction. Returns the names it applied (empty when the database was up to date).
 */
export async function applyMigrations(
  executor: MigrationExecutor,
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const local = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  if (!executor.sharedServer) return applyPending(executor, local, options.logger);

  await executor.query(`SELECT pg_advisory_lock($1)`, [PRISMA_ADVISORY_LOCK_KEY]);
  try {
    return await applyPending(executor, local, options.logger);
  } finally {
    await executor.query(`SELECT pg_advisory_unlock($1)`, [PRISMA_ADVISORY_LOCK_KEY]);
  }
}

async function applyPending(
  executor: MigrationExecutor,
  local: LocalMigration[],
  logger: MigrationLogger | undefined,
): Promise<{ applied: string[] }> {
  await executor.exec(CREATE_MIGRATIONS_TABLE);
  // Rows Prisma marked rolled back (`migrate resolve --rolled-back`) count as not applied.
  const rows = await executor.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row]));

  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        row.migration_name,
        'a previous attempt failed; resolve it (prisma migrate resolve) before migrating',
      );
    }
  }
  const localNames = new Set(local.map((m) => m.name));
  const unknown = rows.map((row) => row.migration_name).filter((name) => !localNames.has(name));
  if (unknown.length > 0) logger?.warn({ migrations: unknown }, 'database has migrations this build does not know');

  const done: string[] = [];
  for (const migration of local) {
    const row = applied.get(migration.name);
    if (row) {
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          migration.name,
          `was applied with checksum ${row.checksum} but the file now has ${migration.checksum};` +
            ' an applied migration must not be edited, add a new one',
        );
      }
      continue;
    }
    await applyOne(executor, migration);
    logger?.info({ migration: migration.name }, 'applied migration');
    done.push(migration.name);
  }
  return { applied: done };
}

async function applyOne(executor: MigrationExecutor, migration: LocalMigration): Promise<void> {
  await executor.exec('BEGIN');
  try {
    await executor.exec(migration.sql);
    await executor.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await executor.exec('COMMIT');
  } catch (error) {
    // If the session itself broke, ROLLBACK fails too; the migration's error is the one to report.
    await executor.exec('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationError(migration.name, message, { cause: error });
  }
}

async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}
