import type * as mediasoup from 'mediasoup';
import type { Logger } from 'pino';

export interface WorkerPoolOptions {
  count: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  workerBin: string;
  logger: Logger;
  /** A worker died: the agent cannot vouch for its media any more. */
  onWorkerDied(index: number, error: Error): void;
}

/** The node's mediasoup workers, one per core, each with its own slice of the RTC port range. */
export class WorkerPool {
  private constructor(readonly workers: mediasoup.types.Worker[]) {}

  static async start(o: WorkerPoolOptions): Promise<WorkerPool> {
    // mediasoup reads the worker path when its module loads: set it first, then load it.
    process.env.MEDIASOUP_WORKER_BIN = o.workerBin;
    const { createWorker } = await import('mediasoup');
    const span = Math.floor((o.rtcMaxPort - o.rtcMinPort + 1) / o.count);
    if (span < 10) throw new Error(`RTC port range ${o.rtcMinPort}-${o.rtcMaxPort} is too small for ${o.count} workers`);
    const workers = await Promise.all(
      Array.from({ length: o.count }, async (_, index) => {
        const worker = await createWorker({
          logLevel: 'warn',
          rtcMinPort: o.rtcMinPort + index * span,
          rtcMaxPort: o.rtcMinPort + (index + 1) * span - 1,
          appData: { index },
        });
        worker.on('died', (error) => o.onWorkerDied(index, error));
        o.logger.info({ worker: index, pid: worker.pid }, 'mediasoup worker started');
        return worker;
      }),
    );
    return new WorkerPool(workers);
  }

  get(index: number): mediasoup.types.Worker | undefined {
    return this.workers[index];
  }

  close(): void {
    for (const w of this.workers) w.close();
  }
}
