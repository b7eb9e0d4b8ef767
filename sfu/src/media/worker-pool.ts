import type * as mediasoup from 'mediasoup';
import type { Logger } from 'pino';

export interface WorkerPoolOptions {
  count: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  workerBin: string;
  logger: Logger;
  /** A worker died and a fresh one took its place; the routers it held are gone. */
  onWorkerRestarted(index: number, lostRouterIds: string[]): void;
  /** A worker cannot be started again: the node is no use and should exit. */
  onGiveUp(index: number, error: Error): void;
  /** Every worker as it starts (restarted ones too), before it holds any router: for watchers such as the keyframe trace. */
  onWorkerStarted?(worker: mediasoup.types.Worker): void;
}

const restartDelaysMs = [0, 250, 1000, 2000, 5000];

/**
 * The node's mediasoup workers, one per core, each with its own slice of the RTC port range,
 * under supervision: a dead worker is replaced at the same index (same ports) and reported, so
 * the control plane re-places the sites it served while the other workers' media goes on.
 */
export class WorkerPool {
  readonly workers: mediasoup.types.Worker[] = [];
  readonly restarts: number[];
  private readonly routersOf: Set<string>[];
  private createWorker!: typeof mediasoup.createWorker;
  private closing = false;

  private constructor(private readonly o: WorkerPoolOptions) {
    this.restarts = Array.from({ length: o.count }, () => 0);
    this.routersOf = Array.from({ length: o.count }, () => new Set());
  }

  static async start(o: WorkerPoolOptions): Promise<WorkerPool> {
    const span = Math.floor((o.rtcMaxPort - o.rtcMinPort + 1) / o.count);
    if (span < 10) throw new Error(`RTC port range ${o.rtcMinPort}-${o.rtcMaxPort} is too small for ${o.count} workers`);
    // mediasoup reads the worker path when its module loads: set it first, then load it.
    process.env.MEDIASOUP_WORKER_BIN = o.workerBin;
    const pool = new WorkerPool(o);
    pool.createWorker = (await import('mediasoup')).createWorker;
    await Promise.all(Array.from({ length: o.count }, (_, index) => pool.spawn(index)));
    return pool;
  }

  /** The RTC ports worker `index` listens on (its slice of the node's range): its sockets, for the input-drop meter. */
  portSlice(index: number): { min: number; max: number } {
    const span = Math.floor((this.o.rtcMaxPort - this.o.rtcMinPort + 1) / this.o.count);
    return { min: this.o.rtcMinPort + index * span, max: this.o.rtcMinPort + (index + 1) * span - 1 };
  }

  get(index: number): mediasoup.types.Worker | undefined {
    const w = this.workers[index];
    return w && !w.died && !w.closed ? w : undefined;
  }

  close(): void {
    this.closing = true;
    for (const w of this.workers) w.close();
  }

  private async spawn(index: number): Promise<void> {
    const ports = this.portSlice(index);
    const worker = await this.createWorker({
      logLevel: 'warn',
      rtcMinPort: ports.min,
      rtcMaxPort: ports.max,
      appData: { index },
    });
    const routers = this.routersOf[index]!;
    routers.clear();
    // Routers close before 'died' fires: remember them, unless the worker itself is dying.
    worker.observer.on('newrouter', (router: mediasoup.types.Router) => {
      routers.add(router.id);
      router.observer.once('close', () => {
        if (!worker.died) routers.delete(router.id);
      });
    });
    worker.on('died', (error) => void this.replace(index, error));
    this.o.onWorkerStarted?.(worker);
    this.workers[index] = worker;
    this.o.logger.info({ worker: index, pid: worker.pid }, 'mediasoup worker started');
  }

  private async replace(index: number, error: Error): Promise<void> {
    if (this.closing) return;
    const lost = [...this.routersOf[index]!];
    this.o.logger.error({ worker: index, err: error, lostRouters: lost.length }, 'mediasoup worker died; restarting it');
    let lastError = error;
    for (const delay of restartDelaysMs) {
      await new Promise((r) => setTimeout(r, delay));
      if (this.closing) return;
      try {
        await this.spawn(index);
        this.restarts[index]! += 1;
        this.o.onWorkerRestarted(index, lost);
        return;
      } catch (err) {
        lastError = err as Error;
        this.o.logger.error({ worker: index, err }, 'cannot restart the mediasoup worker');
      }
    }
    this.o.onGiveUp(index, lastError);
  }
}
