// Opens the control plane's database: a PostgreSQL server when a URL is given, else an embedded
// PGlite (in memory, or persisted in a directory). Both go through a Prisma driver adapter (the
// only way Prisma 7 runs without its native engines) and are migrated before use.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type Prisma, PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, pgExecutor, pgliteExecutor, type MigrationLogger } from './migrate.js';
import { sqlClient, type SqlClient } from './sql-client.js';

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** The same database in plain SQL, for the statements on a site's connection path (sql-client.ts says why). */
  sql: SqlClient;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgresql://... ; absent means embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; absent means in memory (gone on close). */
  pgliteDataDir?: string;
  logger?: MigrationLogger;
  /** Called with each SQL statement Prisma sends (benchmarks count them). */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.logger, options.onQuery) : openPglite(options);
}

async function openPostgres(url: string, logger: MigrationLogger | undefined, onQuery?: (sql: string) => void): Promise<Database> {
  // Migrate over a dedicated session: the advisory lock that serialises replicas is per session.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations(pgExecutor(client), { logger });
  } finally {
    await client.end();
  }

  // One pool for Prisma and the plain statements. Without a listener, an idle connection dropped
  // by the server would crash the process.
  const pool = new pg.Pool({ connectionString: url });
  pool.on('error', (err) => logger?.warn({ err }, 'postgres pool connection failed'));
  const prisma = newClient(new PrismaPg(pool), onQuery);
  return {
    kind: 'postgres',
    prisma,
    sql: sqlClient(pool, onQuery),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const pglite = await PGlite.create(options.pgliteDataDir);
  try {
    await applyMigrations(pgliteExecutor(pglite), { logger: options.logger });
  } catch (error) {
    await pglite.close();
    throw error;
  }

  const prisma = newClient(new PrismaPGlite(pglite), options.onQuery);
  return {
    kind: 'pglite',
    prisma,
    sql: sqlClient(pglite, options.onQuery),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** A client; with `onQuery`, one whose log emits query events (Prisma reports statements only then). */
function newClient(adapter: NonNullable<Prisma.PrismaClientOptions['adapter']>, onQuery: ((sql: string) => void) | undefined): PrismaClient {
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (e) => onQuery(e.query));
  return client;
}
