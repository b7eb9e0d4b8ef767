import { namespaces, type WireError, type WorkerLoad } from '@lienthong/contracts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { Server, type Socket } from 'socket.io';
import { FenceBook } from '../../src/commands/fencing.js';
import { loadConfig } from '../../src/config.js';
import { ControlPlaneLinks } from '../../src/control-plane-links.js';
import { routerCapabilitiesOf } from '../../src/media/codecs.js';
import { MediaObjects } from '../../src/media/media-objects.js';
import { poolOptionsOf, WorkerPool } from '../../src/media/worker-pool.js';
import { NodeMetrics } from '../../src/metrics/node-metrics.js';

const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.resolve(import.meta.dirname, '../../../.lienthong/bin/mediasoup-worker');

/** A bare socket.io server standing in for one control-plane replica: it accepts the node's registration and records its heartbeats. */
export class StandInReplica {
  readonly heartbeats: WorkerLoad[][] = [];
  /** What the node said at each registration, oldest first. */
  readonly registrations: Record<string, unknown>[] = [];
  /** When set, new connections are refused (the replica is unreachable). */
  refusing = false;
  private current: Promise<Socket>;

  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {
    this.server.of(namespaces.node).use((_socket, next) => next(this.refusing ? new Error('control plane down') : undefined));
    this.server.of(namespaces.node).on('connection', (socket) => socket.on('heartbeat', ({ workers }: { workers: WorkerLoad[] }) => this.heartbeats.push(workers)));
    this.current = this.nextRegistration();
  }

  static async start(): Promise<StandInReplica> {
    const http = createServer();
    const server = new Server(http);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    return new StandInReplica(server, `http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  }

  /** The node's socket once it has registered (the latest registration). */
  node(): Promise<Socket> {
    return this.current;
  }

  /** Waits for the node's next registration (after a reconnect). */
  reconnected(): Promise<Socket> {
    this.current = this.nextRegistration();
    return this.current;
  }

  private nextRegistration(): Promise<Socket> {
    return new Promise<Socket>((resolve) =>
      this.server.of(namespaces.node).once('connection', (socket) =>
        socket.once('register', (info: Record<string, unknown>, ack: (a: unknown) => void) => {
          this.registrations.push(info);
          ack({ ok: true, data: {} });
          resolve(socket);
        }),
      ),
    );
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/**
 * A real media node (real mediasoup workers, its real control-plane links) dialing stand-in
 * replicas, as the agent's main does.
 */
export async function startLinkedNode(o: {
  /** stand-ins, or real control planes (then `env` carries a real NODE_TOKEN) */
  replicas: Pick<StandInReplica, 'url'>[];
  nodeId: string;
  workers: number;
  rtcPorts: [number, number];
  env?: Record<string, string>;
  onRejected?: (error: WireError) => void;
}) {
  const config = loadConfig({
    CONTROL_PLANE_URL: o.replicas.map((r) => r.url).join(','),
    NODE_ID: o.nodeId,
    NODE_TOKEN: 'a-token-this-stand-in-does-not-check',
    WORKERS: String(o.workers),
    RTC_MIN_PORT: String(o.rtcPorts[0]),
    RTC_MAX_PORT: String(o.rtcPorts[1]),
    MEDIASOUP_WORKER_BIN: workerBin,
    LOG_LEVEL: 'silent',
    ...o.env,
  });
  const logger = pino({ level: 'silent' });
  const pool = await WorkerPool.start({
    ...poolOptionsOf(config),
    logger,
    onWorkerRestarted: (index, lost) => links.workerRestarted(index, lost),
    onGiveUp: (index, err) => {
      throw new Error(`gave up on worker ${index}: ${err.message}`);
    },
  });
  const media = new MediaObjects();
  const metrics = new NodeMetrics({ nodeId: config.NODE_ID, pool, consumersPerWorker: config.CONSUMERS_PER_WORKER, connected: () => links.connected });
  const links: ControlPlaneLinks = new ControlPlaneLinks({
    urls: config.CONTROL_PLANE_URL,
    ctx: { media, pool, config, logger, fences: new FenceBook() },
    version: 'test',
    metrics,
    routerCapabilities: await routerCapabilitiesOf(pool.get(0)!),
    onRejected: o.onRejected ?? (() => {}),
  });
  return {
    pool,
    media,
    metrics,
    links,
    close() {
      links.close();
      pool.close();
    },
  };
}
