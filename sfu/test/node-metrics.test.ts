import { callMessage, namespaces, nodeCommands, type WorkerLoad } from '@lienthong/contracts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { Server, type Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ControlChannel } from '../src/control-channel.js';
import { MediaObjects } from '../src/media/media-objects.js';
import { WorkerPool } from '../src/media/worker-pool.js';
import { NodeMetrics } from '../src/metrics/node-metrics.js';

const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.resolve(import.meta.dirname, '../../.lienthong/bin/mediasoup-worker');

/**
 * A node's metrics against real mediasoup workers, driven as the control plane drives a node: over
 * its control channel (here a bare socket.io server standing in for the control plane).
 */
describe('media-node metrics', () => {
  let pool: WorkerPool;
  let channel: ControlChannel;
  let metrics: NodeMetrics;
  let controlPlane: Server;
  let node: Socket;
  const heartbeats: WorkerLoad[][] = [];
  let refusing = false;

  beforeAll(async () => {
    const http = createServer();
    controlPlane = new Server(http);
    controlPlane.of(namespaces.node).use((_socket, next) => next(refusing ? new Error('control plane down') : undefined));
    const registered = new Promise<Socket>((resolve) =>
      controlPlane.of(namespaces.node).on('connection', (socket) => {
        socket.on('register', (_info: unknown, ack: (a: unknown) => void) => {
          ack({ ok: true, data: { keepRouterIds: [] } });
          resolve(socket);
        });
        socket.on('heartbeat', ({ workers }: { workers: WorkerLoad[] }) => heartbeats.push(workers));
      }),
    );
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const config = loadConfig({
      CONTROL_PLANE_URL: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      NODE_ID: 'metrics-node',
      NODE_TOKEN: 'a-token-this-stand-in-does-not-check',
      WORKERS: '2',
      RTC_MIN_PORT: '44950',
      RTC_MAX_PORT: '44999',
      HEARTBEAT_MS: '100',
      CONSUMERS_PER_WORKER: '450',
      MEDIASOUP_WORKER_BIN: workerBin,
      LOG_LEVEL: 'silent',
    });
    const logger = pino({ level: 'silent' });
    pool = await WorkerPool.start({
      count: config.WORKERS,
      rtcMinPort: config.RTC_MIN_PORT,
      rtcMaxPort: config.RTC_MAX_PORT,
      workerBin,
      logger,
      onWorkerRestarted: () => {},
      onGiveUp: (index, err) => {
        throw new Error(`gave up on worker ${index}: ${err.message}`);
      },
    });
    metrics = new NodeMetrics({ nodeId: config.NODE_ID, pool, consumersPerWorker: config.CONSUMERS_PER_WORKER, connected: () => channel.connected });
    channel = new ControlChannel({ ctx: { media: new MediaObjects(), pool, config, logger }, version: 'test', metrics, onRejected: () => {} });
    node = await registered;
  });
  afterAll(() => {
    channel?.close();
    pool?.close();
    controlPlane?.close();
  });

  /** A sample's value as the registry would expose it now (collectors run). */
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const family = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_count$/, ''));
    const sample = family?.values.find(
      (v) => ((v as { metricName?: string }).metricName ?? family.name) === name && Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want),
    );
    return sample?.value;
  };

  it('shows a router created by a control-plane command on the worker that holds it', async () => {
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1); // once it has the answer to register
    expect(await value('lienthong_sfu_worker_alive', { worker: '0' })).toBe(1);
    expect(await value('lienthong_sfu_worker_consumer_capacity', { worker: '1' })).toBe(450);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(0);

    const { workerIndex } = await callMessage(node, nodeCommands, 'createRouter', { conferenceId: 'metrics-conference', workerIndex: 1 });
    expect(workerIndex).toBe(1);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(1);
    expect(await value('lienthong_sfu_worker_routers', { worker: '0', media_node: 'metrics-node' })).toBe(0);
    expect(await value('lienthong_sfu_command_duration_seconds_count', { command: 'createRouter' })).toBe(1);
    // The gauges are the heartbeat's own numbers, not a second measurement.
    await expect.poll(() => heartbeats.at(-1)?.[1]?.routers).toBe(1);
  });

  it('counts a refused command by its error code', async () => {
    await expect(callMessage(node, nodeCommands, 'closeRouter', { routerId: 'no-such-router' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await value('lienthong_sfu_command_failures_total', { command: 'closeRouter', code: 'NOT_FOUND' })).toBe(1);
  });

  it('shows the link to the control plane dropping while the load is still measured', async () => {
    // The control plane is unreachable for a while: the connection breaks and reconnecting fails.
    refusing = true;
    node.conn.close();
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(0);
    const sent = heartbeats.length;
    metrics.registry.getSingleMetric('lienthong_sfu_worker_routers')!.reset();
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(1);
    expect(heartbeats.length).toBe(sent);
    expect(await value('lienthong_sfu_control_plane_connected')).toBe(0);

    const back = new Promise<Socket>((resolve) => controlPlane.of(namespaces.node).once('connection', (s) => s.once('register', () => resolve(s))));
    refusing = false;
    node = await back;
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1);
  });

  it('dials again after the control plane cut it off (as its watchdog does to a stalled node)', async () => {
    const back = new Promise<Socket>((resolve) => controlPlane.of(namespaces.node).once('connection', (s) => s.once('register', () => resolve(s))));
    node.disconnect(true);
    node = await back;
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1);
  });

  it('counts a killed worker restarted, and drops the routers it held', async () => {
    expect(await value('lienthong_sfu_worker_restarts_total', { worker: '1' })).toBe(0);
    const dead = pool.workers[1]!;
    process.kill(dead.pid, 'SIGKILL');
    await expect.poll(() => value('lienthong_sfu_worker_restarts_total', { worker: '1' }), { timeout: 10_000 }).toBe(1);
    expect(pool.workers[1]!.pid).not.toBe(dead.pid);
    expect(await value('lienthong_sfu_worker_alive', { worker: '1' })).toBe(1);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(0);
    expect(await value('lienthong_sfu_worker_restarts_total', { worker: '0' })).toBe(0);
  });
});
