import type { WorkerLoad } from '@lienthong/contracts';
import type { MediaObjects } from './media-objects.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * Live per-worker load for the heartbeat: object counts, bitrate in and out (summed transport
 * stats) and CPU share (worker resource usage, user + system, over the time since last asked).
 */
export class LoadMeter {
  private last: { at: number; cpuMs: number; pid: number }[] = [];

  constructor(
    private readonly pool: WorkerPool,
    private readonly media: MediaObjects,
  ) {}

  async measure(): Promise<WorkerLoad[]> {
    const counts = this.media.counts(this.pool.workers.length);
    return Promise.all(
      counts.map(async (c, index) => {
        const [bitrate, cpu] = await Promise.all([this.bitrate(index), this.cpu(index)]);
        return { index, ...c, ...bitrate, cpu, restarts: this.pool.restarts[index] ?? 0 };
      }),
    );
  }

  private async bitrate(index: number): Promise<{ bitrateIn: number; bitrateOut: number }> {
    const stats = await Promise.all(this.media.transportsOn(index).map((t) => t.getStats().catch(() => [])));
    let bitrateIn = 0;
    let bitrateOut = 0;
    for (const s of stats.flat() as { recvBitrate?: number; sendBitrate?: number }[]) {
      bitrateIn += s.recvBitrate ?? 0;
      bitrateOut += s.sendBitrate ?? 0;
    }
    return { bitrateIn, bitrateOut };
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
