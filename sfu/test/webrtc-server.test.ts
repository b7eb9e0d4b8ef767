import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHandlers } from '../src/commands/index.js';
import type { CommandContext } from '../src/commands/context.js';
import { FenceBook } from '../src/commands/fencing.js';
import { loadConfig } from '../src/config.js';
import { MediaObjects } from '../src/media/media-objects.js';
import { poolOptionsOf, WorkerPool } from '../src/media/worker-pool.js';

const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.resolve(import.meta.dirname, '../../.lienthong/bin/mediasoup-worker');

/**
 * WEBRTC_SERVER=true against real workers: each worker's receive transports share one UDP and
 * one TCP port, the first of the worker's slice; send and plain transports take the others; a
 * worker killed and restarted gets its server back on the same port.
 */
describe('a WebRtcServer per worker', () => {
  let pool: WorkerPool;
  let ctx: CommandContext;
  const restarted: number[] = [];

  beforeAll(async () => {
    const config = loadConfig({
      CONTROL_PLANE_URL: 'http://127.0.0.1:9',
      NODE_ID: 'node-server-test',
      NODE_TOKEN: 'a-token-this-test-does-not-check',
      WORKERS: '2',
      RTC_MIN_PORT: '21000',
      RTC_MAX_PORT: '21039',
      WEBRTC_SERVER: 'true',
      MEDIASOUP_WORKER_BIN: workerBin,
    });
    const logger = pino({ level: 'silent' });
    pool = await WorkerPool.start({
      ...poolOptionsOf(config),
      logger,
      onWorkerRestarted: (index) => restarted.push(index),
      onGiveUp: (index, err) => {
        throw new Error(`gave up on worker ${index}: ${err.message}`);
      },
    });
    ctx = { media: new MediaObjects(), pool, config, logger, fences: new FenceBook() };
  });
  afterAll(() => pool?.close());

  const transportOn = async (workerIndex: number, peerId: string) => {
    const { routerId } = await commandHandlers.createRouter({ conferenceId: `conf-${workerIndex}-${peerId}`, workerIndex }, ctx);
    return { routerId, transport: await commandHandlers.createWebRtcTransport({ routerId, peerId }, ctx) };
  };
  const candidates = (t: { iceCandidates: { protocol: string; port: number }[] }) => t.iceCandidates.map((c) => `${c.protocol}:${c.port}`).sort();

  it('gives every receive transport of a worker (and one of unknown direction) the same UDP and TCP port, the first of its slice', async () => {
    const a = await transportOn(0, 'a');
    const b = await transportOn(0, 'b');
    const c = await transportOn(1, 'c');
    expect(candidates(a.transport)).toEqual(['tcp:21000', 'udp:21000']);
    expect(candidates(b.transport)).toEqual(['tcp:21000', 'udp:21000']);
    expect(candidates(c.transport)).toEqual(['tcp:21020', 'udp:21020']);
    expect(a.transport.iceCandidates[0]!.protocol).toBe('udp'); // preferred
  });

  it('gives a send transport sockets of its own from the rest of the slice', async () => {
    const { routerId } = await transportOn(0, 'hall');
    const send = await commandHandlers.createWebRtcTransport({ routerId, peerId: 'hall', direction: 'send' }, ctx);
    const ports = send.iceCandidates.map((c) => c.port);
    for (const port of ports) expect(port).toBeGreaterThan(21000);
    for (const port of ports) expect(port).toBeLessThanOrEqual(21019);
  });

  it('leaves the server port out of the range other transports take', async () => {
    const { routerId } = await transportOn(0, 'plain');
    const plain = await ctx.media.router(routerId).object.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    expect(plain.tuple.localPort).toBeGreaterThan(21000);
    expect(plain.tuple.localPort).toBeLessThanOrEqual(21019);
  });

  it('gives a restarted worker its server back on the same port', async () => {
    process.kill(pool.get(0)!.pid, 'SIGKILL');
    await expect.poll(() => restarted.length, { timeout: 10_000 }).toBe(1);
    const again = await transportOn(0, 'after-restart');
    expect(candidates(again.transport)).toEqual(['tcp:21000', 'udp:21000']);
  });
});
