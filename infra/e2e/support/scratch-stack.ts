import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from '../../../control-plane/test/support/postgres.js';
import { startStack, type MediaNodeSpec, type Stack, type StackOptions } from '../../local/stack.js';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A full stack on a fresh PostgreSQL database of its own; logs go to the test output only on failure. */
export async function startScratchStack(
  nodes: MediaNodeSpec[],
  extra: Pick<StackOptions, 'port' | 'withRecorder' | 'recorder' | 'redisPrefix'> = {},
): Promise<Stack & { logs: string[]; databaseUrl: string }> {
  const database = await createScratchDatabase();
  const logs: string[] = [];
  try {
    const stack = await startStack({
      authSecret: randomBytes(32).toString('hex'),
      databaseUrl: database.url,
      redisUrl: testRedisUrl,
      nodes,
      logLevel: 'info',
      sink: (line) => logs.push(line),
      ...extra,
    });
    return {
      ...stack,
      logs,
      databaseUrl: database.url,
      async stop() {
        await stack.stop();
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw new Error(`${(err as Error).message}\n--- stack logs ---\n${logs.slice(-60).join('\n')}`);
  }
}
