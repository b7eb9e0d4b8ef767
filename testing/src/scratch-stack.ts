import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from './postgres.js';
import { forgetRedisPrefix } from './redis-keys.js';
import { startStack, type MediaNodeSpec, type Stack, type StackOptions } from '../../infra/local/stack.js';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A full stack on a fresh PostgreSQL database of its own; logs go to the test output only on failure.
 * `port`: the control plane's (default: any free port). `prepare` fills the fresh database before
 * the demo seed runs (e.g. a synthetic nation: the seed then adds its units under the nation's root).
 * `recordingsDir`: shared by the control plane and the recorder. `redisPrefix`: by default one of
 * its own (queues, leases, plans, the socket.io adapter: two stacks never see each other's),
 * whose keys are deleted when it stops.
 */
export async function startScratchStack(
  nodes: MediaNodeSpec[],
  options: Pick<StackOptions, 'port' | 'replicas' | 'withRecorder' | 'recordingsDir' | 'recorderRtpPorts' | 'redisPrefix' | 'controlPlaneEnv'> & { prepare?: (databaseUrl: string) => Promise<void> } = {},
): Promise<Stack & { logs: string[]; databaseUrl: string }> {
  const database = await createScratchDatabase();
  const logs: string[] = [];
  const redisPrefix = options.redisPrefix ?? `lienthong-e2e-${randomBytes(4).toString('hex')}`;
  try {
    await options.prepare?.(database.url);
    const stack = await startStack({
      authSecret: randomBytes(32).toString('hex'),
      databaseUrl: database.url,
      redisUrl: testRedisUrl,
      nodes,
      port: options.port,
      replicas: options.replicas,
      withRecorder: options.withRecorder,
      recordingsDir: options.recordingsDir,
      recorderRtpPorts: options.recorderRtpPorts,
      controlPlaneEnv: options.controlPlaneEnv,
      redisPrefix,
      logLevel: 'info',
      sink: (line) => logs.push(line),
    });
    return {
      ...stack,
      logs,
      databaseUrl: database.url,
      async stop() {
        await stack.stop();
        await Promise.all([database.drop(), forgetRedisKeys(redisPrefix)]);
      },
    };
  } catch (err) {
    await database.drop();
    throw new Error(`${(err as Error).message}\n--- stack logs ---\n${logs.slice(-60).join('\n')}`);
  }
}

/** Deletes a stopped stack's keys (its prefix is its own). */
async function forgetRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await forgetRedisPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
