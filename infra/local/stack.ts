import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenService } from '../../control-plane/src/auth/tokens.js';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { seedDemo } from '../../control-plane/src/seed/demo.js';
import { spawnManaged, type ManagedChild } from './child-process.js';
import { freePort } from './free-port.js';
import { answersHealth, operatorApi } from './operator-api.js';
import { waitFor } from '@lienthong/testing/wait';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = ['--import', 'tsx'];

export interface MediaNodeSpec {
  nodeId: string;
  /** unit codes this node serves */
  localityTags: string[];
  rtcMinPort: number;
  rtcMaxPort: number;
  workers?: number;
  /** Address the node listens on (default 127.0.0.1; 127.0.0.2.. give each node its own). */
  listenIp?: string;
  /** Address it announces (default: listenIp); tests put an impairment relay between the two. */
  announcedIp?: string;
  /** Capacity the node reports (default: the SFU's own). */
  consumersPerWorker?: number;
  /** Where it serves /metrics on 127.0.0.1 (default: none). */
  metricsPort?: number;
  /** More variables for the agent (benches: KEYFRAME_TRACE_FILE, the keyframe request delays of an A/B run). */
  env?: Record<string, string>;
}

/** Starts one media-node agent process dialling the control plane at `url` (several replicas: comma-separated). */
export async function startMediaNode(
  node: MediaNodeSpec,
  o: { url: string; tokens: TokenService; logLevel?: string; sink?: (line: string) => void },
): Promise<ManagedChild> {
  return spawnManaged({
    name: node.nodeId,
    command: process.execPath,
    args: [...tsx, 'sfu/src/main.ts'],
    cwd: repoRoot,
    sink: o.sink,
    env: {
      LOG_LEVEL: o.logLevel ?? 'info',
      CONTROL_PLANE_URL: o.url,
      NODE_ID: node.nodeId,
      NODE_TOKEN: await o.tokens.signNode({ sub: node.nodeId }),
      LOCALITY_TAGS: node.localityTags.join(','),
      RTC_MIN_PORT: String(node.rtcMinPort),
      RTC_MAX_PORT: String(node.rtcMaxPort),
      WORKERS: String(node.workers ?? 1),
      ...(node.listenIp ? { LISTEN_IP: node.listenIp } : {}),
      ...(node.announcedIp ? { ANNOUNCED_IP: node.announcedIp } : {}),
      ...(node.consumersPerWorker ? { CONSUMERS_PER_WORKER: String(node.consumersPerWorker) } : {}),
      ...node.env,
      ...metricsEnv(node.metricsPort),
    },
  });
}

/**
 * The demo's two media nodes: node-1 serves the central unit (the hall), node-2 the provinces, so a
 * commune's program crosses a pipe. Each gets `portsPerNode` RTC ports from `rtcPortBase` on.
 */
export function demoNodes(rtcPortBase: number, portsPerNode = 100): MediaNodeSpec[] {
  return [
    { nodeId: 'node-1', localityTags: ['TW'], rtcMinPort: rtcPortBase, rtcMaxPort: rtcPortBase + portsPerNode - 1 },
    {
      nodeId: 'node-2',
      localityTags: ['HN', 'DN'],
      rtcMinPort: rtcPortBase + portsPerNode,
      rtcMaxPort: rtcPortBase + 2 * portsPerNode - 1,
    },
  ];
}

export interface StackOptions {
  authSecret: string;
  /** PostgreSQL URL; unset means embedded PGlite at `pgliteDir` (or in memory if that is unset too). */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Redis URL; unset starts a redis-server child on a free port. */
  redisUrl?: string;
  port?: number;
  /**
   * Control-plane replicas (default 1): each on its own port (the first on `port`), every node
   * dialing all of them. More than one needs PostgreSQL (`databaseUrl`): PGlite is one process's.
   */
  replicas?: number;
  nodes: MediaNodeSpec[];
  withRecorder?: boolean;
  /** Where the recorder writes and the control plane's replay library reads (default .lienthong/local/recordings). */
  recordingsDir?: string;
  /** The UDP ports the recorder receives the program on. */
  recorderRtpPorts?: [number, number];
  /** BullMQ/Redis key prefix of the control plane and recorder (default: theirs, 'lienthong'). */
  redisPrefix?: string;
  logLevel?: string;
  sink?: (line: string) => void;
  /** Open each process's /metrics on a free 127.0.0.1 port (`npm start` does; the tests need not). */
  metrics?: boolean;
  /** More environment for every control-plane replica (a test's short lifetimes). */
  controlPlaneEnv?: Record<string, string>;
}

export type SeedResult = Awaited<ReturnType<typeof seedDemo>>;

export interface Stack {
  /** The first replica's URL (the one `npm start` prints). */
  url: string;
  /** Every control-plane replica's URL. */
  urls: string[];
  operatorToken: string;
  seed: SeedResult;
  tokens: TokenService;
  children: Map<string, ManagedChild>;
  /** Each process's /metrics URL, by child name, when `metrics` was asked for. */
  metricsUrls: Map<string, string>;
  /**
   * Stops a control-plane replica (gracefully, or with kill -9 as a crash would) and starts a new
   * one on the same port and state; resolves once it answers again.
   */
  restartControlPlane(how: 'graceful' | 'kill', replica?: number): Promise<void>;
  /** kill -9 of one replica, left dead. */
  killControlPlane(replica: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine, as separate processes: a control plane, N media-node agents,
 * a recorder and (when no Redis is given) a redis-server. Used by `npm start` and by the
 * end-to-end tests, so the tests run what users run.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  const children = new Map<string, ManagedChild>();
  const metricsUrls = new Map<string, string>();
  /** A free port for `name`'s /metrics, when asked for. */
  const metricsPort = async (name: string) => {
    if (!o.metrics) return undefined;
    const port = await freePort();
    metricsUrls.set(name, `http://127.0.0.1:${port}/metrics`);
    return port;
  };
  const start = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const child = spawnManaged({ name, command, args, env: { LOG_LEVEL: o.logLevel ?? 'info', ...env }, cwd: repoRoot, sink: o.sink });
    children.set(name, child);
    return child;
  };
  const stop = async () => {
    // Nodes and recorder first, the control plane after them, Redis last.
    const order = [...children.values()].sort((a, b) => rank(a.name) - rank(b.name));
    for (const child of order) await child.stop();
  };

  try {
    const redisUrl = o.redisUrl ?? (await startRedis(start));

    // Seed before the control plane opens the database: embedded PGlite allows one process at a time.
    const db = await openDatabase({ databaseUrl: o.databaseUrl, pgliteDataDir: o.pgliteDir });
    const seed = await seedDemo(db.prisma);
    const central = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    await db.close();

    const replicas = o.replicas ?? 1;
    if (replicas > 1 && !o.databaseUrl) throw new Error('several control-plane replicas need PostgreSQL (DATABASE_URL): embedded PGlite serves one process');
    const ports = [o.port ?? (await freePort())];
    while (ports.length < replicas) ports.push(await freePort());
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
    const url = urls[0]!;
    const replicaName = (index: number) => (index === 0 ? 'control-plane' : `control-plane-${index + 1}`);
    const replicaMetrics = await Promise.all(ports.map(async (_, index) => metricsEnv(await metricsPort(replicaName(index)))));
    const recordingsDir = o.recordingsDir ?? path.join(repoRoot, '.lienthong/local/recordings');
    const startControlPlane = async (index: number) => {
      const name = replicaName(index);
      const controlPlane = start(name, process.execPath, [...tsx, 'control-plane/src/main.ts'], {
        HOST: '127.0.0.1',
        PORT: String(ports[index]),
        // Join links name the first replica (a load balancer's address in production).
        PUBLIC_URL: url,
        AUTH_SECRET: o.authSecret,
        REDIS_URL: redisUrl,
        ...(o.redisPrefix ? { REDIS_PREFIX: o.redisPrefix } : {}),
        DATABASE_URL: o.databaseUrl ?? '',
        PGLITE_DIR: o.pgliteDir ?? '',
        WEB_DIST_DIR: path.join(repoRoot, 'web-viewer/dist'),
        RECORDINGS_DIR: recordingsDir,
        ...replicaMetrics[index],
        ...o.controlPlaneEnv,
      });
      await waitFor(`${name} to answer /api/health`, async () => {
        if (controlPlane.process.exitCode !== null) throw new Error(`${name} exited:\n${controlPlane.tail()}`);
        return (await answersHealth(urls[index]!)) ? true : undefined;
        // A loaded machine (tests of several worktrees at once) can take longer than 20 s to start it.
      }, 60_000);
    };
    const tokens = new TokenService(o.authSecret);
    // The media nodes boot while the control planes do (they dial until one answers): a stack is
    // up in the time of the slower of the two, not their sum.
    const nodesStarted = (async () => {
      for (const node of o.nodes) {
        const spec = { ...node, metricsPort: node.metricsPort ?? (await metricsPort(node.nodeId)) };
        children.set(node.nodeId, await startMediaNode(spec, { url: urls.join(','), tokens, logLevel: o.logLevel, sink: o.sink }));
      }
    })();
    // One after another: each migrates the schema on start, and PostgreSQL's migration lock is for that.
    try {
      for (let index = 0; index < replicas; index++) await startControlPlane(index);
    } finally {
      await nodesStarted;
    }
    const killControlPlane = async (index: number) => {
      const victim = children.get(replicaName(index))!;
      victim.process.kill('SIGKILL');
      await new Promise((resolve) => (victim.process.exitCode !== null || victim.process.signalCode !== null ? resolve(null) : victim.process.once('exit', resolve)));
    };
    const restartControlPlane = async (how: 'graceful' | 'kill', index = 0) => {
      if (how === 'kill') await killControlPlane(index);
      else await children.get(replicaName(index))!.stop();
      await startControlPlane(index);
    };

    if (o.withRecorder) {
      start('recorder', process.execPath, [...tsx, 'recorder/src/main.ts'], {
        REDIS_URL: redisUrl,
        CONTROL_PLANE_URL: url,
        RECORDER_TOKEN: await tokens.signRecorder({ sub: 'recorder-local' }),
        RECORDINGS_DIR: recordingsDir,
        ...(o.redisPrefix ? { REDIS_PREFIX: o.redisPrefix } : {}),
        ...(o.recorderRtpPorts ? { RTP_MIN_PORT: String(o.recorderRtpPorts[0]), RTP_MAX_PORT: String(o.recorderRtpPorts[1]) } : {}),
        ...metricsEnv(await metricsPort('recorder')),
      });
    }

    const operatorToken = await tokens.signOperator({ sub: 'local-admin', role: 'system_admin', unit: central.id });
    await waitFor(
      `${o.nodes.length} media nodes to register with every replica`,
      async () => {
        for (const c of children.values()) if (c.process.exitCode !== null) throw new Error(`${c.name} exited:\n${c.tail()}`);
        for (const replicaUrl of urls) {
          const fleet = await operatorApi({ url, operatorToken }, replicaUrl).call('fleet.nodes');
          if (fleet.items.length !== o.nodes.length) return undefined;
        }
        return true;
      },
      30_000,
      200,
    );
    if (o.withRecorder) {
      // The demo conference is open from the start (no open job fires for it): record it by hand,
      // as an operator would. It waits for the hall and ends with the conference.
      await operatorApi({ url, operatorToken }).call('recordings.start', { params: { id: seed.conferenceId } });
    }
    return { url, urls, operatorToken, seed, tokens, children, metricsUrls, restartControlPlane, killControlPlane, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A process's metrics listener on loopback (it is a developer's machine: no token). */
const metricsEnv = (port: number | undefined): Record<string, string> =>
  port === undefined ? {} : { METRICS_HOST: '127.0.0.1', METRICS_PORT: String(port) };

function rank(name: string): number {
  if (name === 'redis') return 3;
  if (name.startsWith('control-plane')) return 2;
  return 1;
}

async function startRedis(start: (name: string, command: string, args: string[]) => ManagedChild): Promise<string> {
  const port = await freePort();
  const redis = start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning']);
  const url = `redis://127.0.0.1:${port}`;
  await waitFor('redis-server to accept connections', async () => {
    if (redis.process.exitCode !== null) throw new Error(`redis-server exited:\n${redis.tail()}`);
    const { createConnection } = await import('node:net');
    return new Promise<true | undefined>((resolve) => {
      const s = createConnection(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(undefined));
    });
  });
  return url;
}
