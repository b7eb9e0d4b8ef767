import { createSocket } from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { routerMediaCodecs } from '../src/media/codecs.js';
import { SocketDropMeter } from '../src/media/socket-drops.js';
import type { WorkerPool } from '../src/media/worker-pool.js';
import { startOneWorkerPool } from './support/one-worker-pool.js';

/**
 * The input-drop meter against a real worker and the real kernel: a worker that does not read
 * (stopped, as a worker busy fanning a keyframe out) has datagrams dropped at its socket once the
 * receive buffer is full, and the meter finds them on that worker's ports. Linux only.
 */
describe.runIf(process.platform === 'linux')('input drops at a real worker’s sockets', () => {
  let pool: WorkerPool | undefined;
  afterAll(() => pool?.close());

  it('counts the datagrams the kernel dropped while the worker did not read', async () => {
    pool = await startOneWorkerPool([18560, 18599]);
    const worker = pool.get(0)!;
    const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
    const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const meter = new SocketDropMeter([pool.portSlice(0)]);
    await meter.sample(); // baseline

    const sender = createSocket('udp4');
    const payload = Buffer.alloc(1200, 0x80);
    process.kill(worker.pid, 'SIGSTOP');
    try {
      // ~2.4 MB into a socket whose buffer holds a fraction of that.
      for (let i = 0; i < 2000; i++) {
        await new Promise<void>((resolve, reject) => sender.send(payload, transport.tuple.localPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      }
    } finally {
      process.kill(worker.pid, 'SIGCONT');
      sender.close();
    }
    const [dropped] = await meter.sample();
    expect(dropped).toBeGreaterThan(500);
    // Nothing more once it reads again.
    expect(await meter.sample()).toEqual([0]);
  });
});
