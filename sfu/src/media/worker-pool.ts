import type * as mediasoup from 'mediasoup';
import type { Logger } from 'pino';
import type { SfuConfig } from '../config.js';
import { libwebrtcFieldTrials } from './libwebrtc-trials.js';

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
  /**
   * Give each worker a WebRtcServer on the first port of its slice (UDP and TCP): every WebRTC
   * transport of the worker then sends and receives through that one socket pair instead of a
   * socket each (plain and pipe transports keep ports of their own from the rest of the slice).
   */
  webRtcServer?: { listenIp: string; announcedIp: string };
  /** How often a transport's estimator and pacer run when not probing (PACER_INTERVAL_MS); mediasoup's own 5 ms if unset. */
  pacerIntervalMs?: number;
}

/** What the node's configuration says of its pool. */
export function poolOptionsOf(
  config: Pick<
    SfuConfig,
    'WORKERS' | 'RTC_MIN_PORT' | 'RTC_MAX_PORT' | 'MEDIASOUP_WORKER_BIN' | 'WEBRTC_SERVER' | 'LISTEN_IP' | 'ANNOUNCED_IP' | 'PACER_INTERVAL_MS'
  >,
): Pick<WorkerPoolOptions, 'count' | 'rtcMinPort' | 'rtcMaxPort' | 'workerBin' | 'webRtcServer' | 'pacerIntervalMs'> {
  return {
    count: config.WORKERS,
    pacerIntervalMs: config.PACER_INTERVAL_MS,
    rtcMinPort: config.RTC_MIN_PORT,
    rtcMaxPort: config.RTC_MAX_PORT,
    workerBin: config.MEDIASOUP_WORKER_BIN,
    ...(config.WEBRTC_SERVER ? { webRtcServer: { listenIp: config.LISTEN_IP, announcedIp: config.ANNOUNCED_IP } } : {}),
  };
}

const restartDelaysMs = [0, 250, 1000, 2000, 5000];

/**
 * The node's mediasoup workers, one per core, each with its own slice of the RTC port range,
 * under supervision: a dead worker is replaced at the same index (same ports) and reported, so
 * the control plane re-places the sites it served while the other workers' media goes on.
 */
export class WorkerPool {
  readonly workers: mediasoup.types.Worker[] = [];
  private readonly servers: (mediasoup.types.WebRtcServer | undefined)[] = [];
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

  /** Worker `index`'s WebRtcServer, when the pool gives its workers one. */
  webRtcServer(index: number): mediasoup.types.WebRtcServer | undefined {
    return this.get(index) ? this.servers[index] : undefined;
  }

  close(): void {
    this.closing = true;
    for (const w of this.workers) w.close();
  }

  private async spawn(index: number): Promise<void> {
    const ports = this.portSlice(index);
    const server = this.o.webRtcServer;
    const worker = await this.createWorker({
      logLevel: 'warn',
      ...(this.o.pacerIntervalMs ? { libwebrtcFieldTrials: libwebrtcFieldTrials(this.o.pacerIntervalMs) } : {}),
      // The slice's first port is the WebRtcServer's: the worker's own transports take the others.
      rtcMinPort: server ? ports.min + 1 : ports.min,
      rtcMaxPort: ports.max,
      appData: { index },
    });
    try {
      this.servers[index] = server
        ? await worker.createWebRtcServer({
            listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: server.listenIp, announcedIp: server.announcedIp, port: ports.min })),
          })
        : undefined;
    } catch (err) {
      worker.close();
      throw err;
    }
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
