import path from 'node:path';
import { pino } from 'pino';
import { WorkerPool, type WorkerPoolOptions } from '../../src/media/worker-pool.js';

export const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.resolve(import.meta.dirname, '../../../.lienthong/bin/mediasoup-worker');

/** A pool of one real worker on `ports`, silent, that fails the test if it gives up; `options` override. */
export function startOneWorkerPool([rtcMinPort, rtcMaxPort]: [number, number], options: Partial<WorkerPoolOptions> = {}): Promise<WorkerPool> {
  return WorkerPool.start({
    count: 1,
    rtcMinPort,
    rtcMaxPort,
    workerBin,
    logger: pino({ level: 'silent' }),
    onWorkerRestarted: () => {},
    onGiveUp: (index, err) => {
      throw new Error(`gave up on worker ${index}: ${err.message}`);
    },
    ...options,
  });
}
