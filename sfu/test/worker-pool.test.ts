import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { routerMediaCodecs } from '../src/media/codecs.js';
import { WorkerPool } from '../src/media/worker-pool.js';

const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.resolve(import.meta.dirname, '../../.lienthong/bin/mediasoup-worker');

/** The supervisor against a real mediasoup worker process: kill it, get a fresh one and a report. */
describe('WorkerPool supervision', () => {
  let pool: WorkerPool | undefined;
  afterAll(() => pool?.close());

  it('restarts a killed worker at the same index and reports the routers it lost', async () => {
    const restarted: { index: number; lost: string[] }[] = [];
    pool = await WorkerPool.start({
      count: 1,
      rtcMinPort: 14900,
      rtcMaxPort: 14949,
      workerBin,
      logger: pino({ level: 'silent' }),
      onWorkerRestarted: (index, lost) => restarted.push({ index, lost }),
      onGiveUp: (index, err) => {
        throw new Error(`gave up on worker ${index}: ${err.message}`);
      },
    });
    const first = pool.get(0)!;
    const router = await first.createRouter({ mediaCodecs: routerMediaCodecs });
    const closed = await first.createRouter({ mediaCodecs: routerMediaCodecs });
    closed.close(); // closed on purpose before the death: not lost

    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => restarted.length, { timeout: 10_000 }).toBe(1);
    expect(restarted[0]).toEqual({ index: 0, lost: [router.id] });
    const second = pool.get(0)!;
    expect(second.pid).not.toBe(first.pid);
    expect(pool.restarts).toEqual([1]);
    await expect(second.createRouter({ mediaCodecs: routerMediaCodecs })).resolves.toBeDefined();
  });
});
