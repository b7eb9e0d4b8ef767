import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { queues } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { seedDemo, type DemoSeed } from '../../src/seed/demo.js';
import { startControlPlane, type ControlPlane } from '../../src/server.js';

export interface TestControlPlane extends ControlPlane {
  db: Database;
  seed: DemoSeed;
  operatorToken: string;
  /** This control plane's own DOCUMENTS_DIR (a scratch directory, removed at stop). */
  documentsDir: string;
  stop(): Promise<void>;
}

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A BullMQ prefix no other test run or file shares. */
export const uniqueRedisPrefix = () => `lienthong-test-${randomBytes(6).toString('hex')}`;

export interface TestControlPlaneOptions {
  /** A PostgreSQL database (e.g. createScratchDatabase's) instead of an in-memory PGlite. */
  databaseUrl?: string;
  /** Where the control plane logs (default: nowhere). */
  logger?: Logger;
  /** The clock tokens are signed and checked by (default: the real one). */
  now?: () => Date;
  /** Called with each SQL statement the control plane sends (tests count them). */
  onQuery?: (sql: string) => void;
}

/**
 * A real control plane in this process on a free port, over an in-memory PGlite (or the given
 * PostgreSQL database) seeded with the demo, with its own queue prefix on the test Redis.
 */
export async function startTestControlPlane(env: Record<string, string> = {}, options: TestControlPlaneOptions = {}): Promise<TestControlPlane> {
  const db = await openDatabase({ databaseUrl: options.databaseUrl, onQuery: options.onQuery });
  const seed = await seedDemo(db.prisma);
  const documentsDir = await mkdtemp(path.join(os.tmpdir(), 'lienthong-documents-'));
  const config = {
    ...loadConfig({
      AUTH_SECRET: randomBytes(32).toString('hex'),
      NODE_TIMEOUT_MS: '1500',
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: uniqueRedisPrefix(),
      DOCUMENTS_DIR: documentsDir,
      ...env,
    }),
    PORT: 0,
  };
  const plane = await startControlPlane(config, db, options.logger ?? pino({ level: 'silent' }), 'test', options.now);
  const central = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
  const operatorToken = await plane.tokens.signOperator({ sub: 'tester', role: 'system_admin', unit: central.id });
  return {
    ...plane,
    db,
    seed,
    operatorToken,
    documentsDir,
    async stop() {
      await rm(documentsDir, { recursive: true, force: true });
      await plane.jobs.obliterate();
      await obliterateRecordingQueue(config.REDIS_PREFIX);
      await plane.close();
      await db.close();
    },
  };
}

/** The recording jobs a test's control plane enqueued (no recorder runs them there). */
async function obliterateRecordingQueue(prefix: string): Promise<void> {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queues.recording, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
}
