// The processes under test: a redis-server of the bench's own (so its command counts are the
// system's alone), N control-plane replicas on one database, and two media-node agents with real
// mediasoup workers. Started the way infra/local/stack.ts starts them; logs are kept in a ring
// and shown only when something fails.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TokenService } from '../../src/auth/tokens.js';
import { spawnManaged, type ManagedChild } from '../../../infra/local/child-process.js';
import { freePort } from '../../../infra/local/free-port.js';
import { answersHealth, operatorApi } from '../../../infra/local/operator-api.js';
import { repoRoot, startMediaNode, type MediaNodeSpec } from '../../../infra/local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import type { NationConference } from './nation-conference.js';
import { redisCommandCounts } from './store-counters.js';

export const profileDir = path.join(repoRoot, '.lienthong/bench');

export interface Replica {
  url: string;
  metricsUrl: string;
  child: ManagedChild;
  /** Where --cpu-prof writes when the replica exits (profiled runs only). */
  profileDir: string | null;
}

export interface Cluster {
  authSecret: string;
  redisUrl: string;
  replicas: Replica[];
  nodes: ManagedChild[];
  operatorToken: string;
  logTail(): string;
  /** Stops the replicas gracefully (so --cpu-prof writes its file) and everything else. */
  stop(): Promise<void>;
}

const LOG_LINES = 200;

export async function startCluster(o: {
  replicas: number;
  conference: NationConference;
  rtcPorts: [number, number];
  redisServer: string;
  profile: boolean;
  log: (line: string) => void;
}): Promise<Cluster> {
  const logs: string[] = [];
  const sink = (line: string) => {
    logs.push(line);
    if (logs.length > LOG_LINES) logs.shift();
  };
  let redis: ManagedChild | null = null;
  const replicas: Replica[] = [];
  const nodes: ManagedChild[] = [];
  const authSecret = randomBytes(32).toString('hex');
  const tokens = new TokenService(authSecret);
  const stop = async () => {
    // Media nodes first (they would otherwise dial on), replicas next, Redis last.
    for (const child of [...nodes, ...replicas.map((r) => r.child), ...(redis ? [redis] : [])]) await child.stop(15_000);
  };
  const failed = (err: unknown) => new Error(`${(err as Error).message}\n--- logs ---\n${logs.slice(-60).join('\n')}`);

  try {
    const redisPort = await freePort();
    const server = spawnManaged({
      name: 'redis',
      command: o.redisServer,
      args: ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      sink,
    });
    redis = server;
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    await waitFor('redis-server', async () => {
      if (server.process.exitCode !== null) throw new Error('redis-server exited');
      return (await redisCommandCounts(redisUrl)) ? true : undefined;
    });

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (let i = 0; i < o.replicas; i++) {
      const port = await freePort();
      const metricsPort = await freePort();
      // A directory each: --cpu-prof writes one file per thread (tsx's loader hooks run on one of their own).
      const replicaProfileDir = o.profile ? path.join(profileDir, `national-${stamp}-${o.replicas}r`, `replica-${i + 1}`) : null;
      if (replicaProfileDir) mkdirSync(replicaProfileDir, { recursive: true });
      const child = spawnManaged({
        name: `control-plane-${i + 1}`,
        command: process.execPath,
        args: [
          ...(replicaProfileDir ? ['--cpu-prof', '--cpu-prof-dir', replicaProfileDir] : []),
          '--import',
          'tsx',
          'control-plane/src/main.ts',
        ],
        cwd: repoRoot,
        sink,
        env: {
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          AUTH_SECRET: authSecret,
          REDIS_URL: redisUrl,
          DATABASE_URL: o.conference.databaseUrl,
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(metricsPort),
        },
      });
      const url = `http://127.0.0.1:${port}`;
      replicas.push({ url, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, child, profileDir: replicaProfileDir });
      await waitFor(`${child.name} to answer /api/health`, async () => {
        if (child.process.exitCode !== null) throw new Error(`${child.name} exited`);
        return (await answersHealth(url)) ? true : undefined;
      }, 60_000, 250);
      o.log(`${child.name} up at ${url}`);
    }

    // Every node dials every replica, as in production: the conference's owner commands its media.
    const [min, max] = o.rtcPorts;
    const specs: MediaNodeSpec[] = [
      { nodeId: 'bench-node-1', localityTags: ['TW', ...o.conference.provinceCodes.filter((_, i) => i % 2 === 0)], listenIp: '127.0.94.1' },
      { nodeId: 'bench-node-2', localityTags: o.conference.provinceCodes.filter((_, i) => i % 2 === 1), listenIp: '127.0.94.2' },
    ].map((n) => ({ ...n, rtcMinPort: min, rtcMaxPort: max, workers: 1, consumersPerWorker: 100_000 }));
    const urls = replicas.map((r) => r.url).join(',');
    for (const spec of specs) nodes.push(await startMediaNode(spec, { url: urls, tokens, logLevel: 'warn', sink }));
    const operatorToken = await tokens.signOperator({ sub: 'bench-national', role: 'system_admin', unit: o.conference.rootUnitId });
    await waitFor(
      'both media nodes to register with every replica',
      async () => {
        for (const n of nodes) if (n.process.exitCode !== null) throw new Error(`${n.name} exited`);
        for (const replica of replicas) {
          const fleet = await operatorApi({ url: replica.url, operatorToken }).call('fleet.nodes');
          if (fleet.items.length !== specs.length) return undefined;
        }
        return true;
      },
      60_000,
      250,
    );
    o.log(`media nodes registered (${specs.map((s) => s.nodeId).join(', ')})`);
    return { authSecret, redisUrl, replicas, nodes, operatorToken, logTail: () => logs.join('\n'), stop };
  } catch (err) {
    await stop();
    throw failed(err);
  }
}
