import type { WorkerLoad } from '@lienthong/contracts';
import type { types } from 'mediasoup';
import { BitrateSample } from './bitrate-sample.js';
import type { CapacityEstimator } from './capacity-estimator.js';
import type { MediaObjects } from './media-objects.js';
import { SocketDropMeter } from './socket-drops.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * Live per-worker load for the heartbeat: object counts, bitrate in and out (summed transport
 * stats, from a rotating sample of them on a busy worker: BitrateSample), CPU share (worker resource usage, user + system, over the time since last asked) and
 * the consumer capacity that CPU share and the datagrams dropped at the worker's sockets measure.
 */
export class LoadMeter {
  private last: { at: number; cpuMs: number; pid: number }[] = [];
  private lastDropsAt = 0;
  /** Per worker: which of its transports are asked for their bitrate this round. */
  private readonly samples: BitrateSample<types.Transport>[] = [];

  constructor(
    private readonly pool: WorkerPool,
    private readonly media: MediaObjects,
    private readonly capacity: CapacityEstimator,
    private readonly drops = new SocketDropMeter(pool.workers.map((_, index) => pool.portSlice(index))),
  ) {}

  async measure(): Promise<WorkerLoad[]> {
    const workers = this.pool.workers.length;
    const counts = this.media.counts(workers);
    const active = this.media.activeConsumers(workers);
    const dropsPerSecond = await this.dropsPerSecond();
    return Promise.all(
      counts.map(async (c, index) => {
        const [bitrate, cpu] = await Promise.all([this.bitrate(index), this.cpu(index)]);
        const pid = this.pool.get(index)?.pid;
        const consumerCapacity =
          pid === undefined ? undefined : this.capacity.sample(index, { pid, cpu, activeConsumers: active[index] ?? 0, inputDropsPerSecond: dropsPerSecond[index] ?? 0 });
        const load: WorkerLoad = { index, ...c, ...bitrate, cpu, restarts: this.pool.restarts[index] ?? 0 };
        if (consumerCapacity !== undefined) load.consumerCapacity = consumerCapacity;
        return load;
      }),
    );
  }

  /** Datagrams dropped per second at each worker's sockets since the last heartbeat. */
  private async dropsPerSecond(): Promise<number[]> {
    const dropped = await this.drops.sample();
    const now = Date.now();
    const seconds = this.lastDropsAt ? Math.max(0.001, (now - this.lastDropsAt) / 1000) : 1;
    this.lastDropsAt = now;
    return dropped.map((n) => n / seconds);
  }

  private async bitrate(index: number): Promise<{ bitrateIn: number; bitrateOut: number }> {
    const { ask, scale } = (this.samples[index] ??= new BitrateSample()).next(this.media.transportsOn(index));
    const stats = await Promise.all(ask.map((t) => t.getStats().catch(() => [])));
    let bitrateIn = 0;
    let bitrateOut = 0;
    for (const s of stats.flat() as { recvBitrate?: number; sendBitrate?: number }[]) {
      bitrateIn += s.recvBitrate ?? 0;
      bitrateOut += s.sendBitrate ?? 0;
    }
    return { bitrateIn: bitrateIn * scale, bitrateOut: bitrateOut * scale };
  }

  private async cpu(index: number): Promise<number> {
    const worker = this.pool.get(index);
    if (!worker) return 0;
    const usage = await worker.getResourceUsage().catch(() => undefined);
    if (!usage) return 0;
    const now = { at: Date.now(), cpuMs: usage.ru_utime + usage.ru_stime, pid: worker.pid };
    const prev = this.last[index];
    this.last[index] = now;
    // A restarted worker starts its usage from zero: no share until the next sample.
    if (!prev || prev.pid !== now.pid || now.at <= prev.at) return 0;
    return Math.max(0, (now.cpuMs - prev.cpuMs) / (now.at - prev.at));
  }
}
