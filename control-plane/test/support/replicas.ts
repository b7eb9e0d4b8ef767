// Several control-plane replicas in this process sharing one scratch PostgreSQL database, one
// AUTH_SECRET and one REDIS_PREFIX on the test Redis: what a scaled-out deployment looks like to
// its sites and consoles (each replica has its own database pool, Redis connections and port).
import { namespaces } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { seedDemo, type DemoSeed } from '../../src/seed/demo.js';
import { startControlPlane, type ControlPlane } from '../../src/server.js';
import { testRedisUrl, uniqueRedisPrefix } from './control-plane.js';
import { fakeNode } from './fake-node.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { TestSockets } from '@lienthong/testing/sockets';

export interface Replicas {
  planes: (ControlPlane & { db: Database })[];
  seed: DemoSeed;
  /** their shared REDIS_PREFIX */
  prefix: string;
  stop(): Promise<void>;
}

/** `env` adds to (or overrides) every replica's environment. */
export async function startReplicas(count: number, env: Record<string, string> = {}): Promise<Replicas> {
  const scratch = await createScratchDatabase();
  const secret = randomBytes(32).toString('hex');
  const prefix = uniqueRedisPrefix();
  const planes: Replicas['planes'] = [];
  let seed: DemoSeed | undefined;
  for (let i = 0; i < count; i++) {
    const db = await openDatabase({ databaseUrl: scratch.url });
    seed ??= await seedDemo(db.prisma);
    const config = { ...loadConfig({ AUTH_SECRET: secret, REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, NODE_TIMEOUT_MS: '3600000', ...env }), PORT: 0 };
    const plane = await startControlPlane(config, db, pino({ level: process.env.REPLICA_LOG ?? 'silent' }), 'test');
    // Media is not what these tests look at: a node that answers every command lets sites join
    // (it sends no heartbeats, hence the long node timeout).
    plane.fleet.add(fakeNode('node-1', ['TW']));
    planes.push({ ...plane, db });
  }
  return {
    planes,
    seed: seed!,
    prefix,
    async stop() {
      for (const plane of planes) {
        await plane.jobs.obliterate();
        await plane.close();
        await plane.db.close();
      }
      await scratch.drop();
    },
  };
}

/**
 * `count` replicas for the describe block it is called in (started before its tests, stopped
 * after), and its sites' sockets on them, closed after each test.
 */
export function replicasForTests(count: number) {
  let started: Replicas | undefined;
  const sockets: TestSockets[] = [];
  beforeAll(async () => {
    started = await startReplicas(count);
  });
  afterAll(async () => started?.stop());
  afterEach(() => sockets.splice(0).forEach((s) => s.closeAll()));
  const replicas = (): Replicas => {
    if (!started) throw new Error('the replicas are not started yet');
    return started;
  };
  return {
    replicas,
    /** A site's /site socket on replica `replica`, signed for the seeded conference. */
    async siteOn(replica: number, siteId: string): Promise<Socket> {
      const plane = replicas().planes[replica]!;
      const pcs = new TestSockets(() => plane.url);
      sockets.push(pcs);
      return pcs.connect(namespaces.site, { token: await plane.tokens.signSite({ sub: siteId, conf: replicas().seed.conferenceId }, 600) });
    },
  };
}
