/**
 * A worker's consumer capacity measured from its own load rather than configured: the CPU share
 * it spends per forwarding consumer, smoothed over heartbeats, gives how many consumers fill the
 * CPU up to the point where a worker still forwards loss-free.
 *
 * The cost per consumer includes the worker's fixed costs (receiving the producers, RTCP, stats),
 * so at light load it overstates the cost and the capacity errs low; it rises as load amortises
 * them. Samples too light to say anything keep the previous estimate.
 *
 * CPU alone over-reports: the fan-out bench lost input packets at ~225 consumers while the CPU
 * estimate said 291 (the worker's receive buffers overflow while it fans a keyframe out, before
 * the core is full). So a sample with input loss (datagrams the kernel dropped at the worker's
 * sockets) teaches the worker's loss point: the CPU share it lost at, less a margin, replaces the
 * nominal loss-free share for that worker. A later loss-free sample at a higher share raises it
 * again (up to the nominal), so a passing disturbance (another process on the core) is unlearnt.
 */
export interface CapacityEstimatorOptions {
  /** The configured capacity (CONSUMERS_PER_WORKER): the estimate never reports above it. */
  ceiling: number;
  /**
   * Share of a core a worker uses at its loss-free point. Past saturation a worker does not level
   * off, it collapses (~40% loss at 1.45x), so this stays below a full core.
   */
  lossFreeCpu?: number;
  /** Forwarding consumers and CPU share a sample needs before it counts. */
  minConsumers?: number;
  minCpu?: number;
  /** Weight of a new sample in the moving average. */
  smoothing?: number;
  /**
   * Datagrams per second the kernel may drop at a worker's sockets in a sample that still counts as
   * loss-free. A worker that keeps up drops none: one lost program packet is lost for every site.
   */
  maxInputDropsPerSecond?: number;
  /** Below the CPU share a worker lost input at, the share it is trusted with (a climb's step is about 10 %). */
  lossMargin?: number;
}

export interface CapacitySample {
  /** The worker process, so a restarted worker starts a fresh estimate. */
  pid: number;
  /** Share of one core used since the previous sample. */
  cpu: number;
  /** Consumers forwarding media (not paused) during the sample. */
  activeConsumers: number;
  /** Datagrams per second the kernel dropped at the worker's sockets, its receive buffers full (0 when unknown). */
  inputDropsPerSecond?: number;
}

interface WorkerEstimate {
  pid: number;
  /** Smoothed share of a core per forwarding consumer. */
  costPerConsumer?: number;
  /** The CPU share this worker is trusted with, once it lost input below the nominal one. */
  lossFreeCpu?: number;
}

export class CapacityEstimator {
  private readonly workers: WorkerEstimate[] = [];
  private readonly o: Required<CapacityEstimatorOptions>;

  constructor(options: CapacityEstimatorOptions) {
    this.o = { lossFreeCpu: 0.9, minConsumers: 20, minCpu: 0.05, smoothing: 0.3, maxInputDropsPerSecond: 1, lossMargin: 0.9, ...options };
  }

  /** Takes one heartbeat's sample of a worker; answers its capacity, or undefined while unmeasured. */
  sample(index: number, s: CapacitySample): number | undefined {
    let w = this.workers[index];
    if (!w || w.pid !== s.pid) this.workers[index] = w = { pid: s.pid };
    if (s.activeConsumers >= this.o.minConsumers && s.cpu >= this.o.minCpu) {
      const cost = s.cpu / s.activeConsumers;
      w.costPerConsumer = w.costPerConsumer === undefined ? cost : w.costPerConsumer + this.o.smoothing * (cost - w.costPerConsumer);
    }
    this.learnLossPoint(w, s);
    return this.capacity(index);
  }

  /** A worker's loss point, from samples with input loss (lowered) and without (raised back). */
  private learnLossPoint(w: WorkerEstimate, s: CapacitySample): void {
    // Loss with hardly any consumers says nothing of fan-out (a burst from the network, start-up).
    if (s.activeConsumers < this.o.minConsumers || s.cpu < this.o.minCpu) return;
    const trusted = w.lossFreeCpu ?? this.o.lossFreeCpu;
    if ((s.inputDropsPerSecond ?? 0) > this.o.maxInputDropsPerSecond) w.lossFreeCpu = Math.min(trusted, s.cpu * this.o.lossMargin);
    else if (w.lossFreeCpu !== undefined && s.cpu > w.lossFreeCpu) w.lossFreeCpu = Math.min(this.o.lossFreeCpu, s.cpu);
  }

  capacity(index: number): number | undefined {
    const w = this.workers[index];
    const cost = w?.costPerConsumer;
    if (cost === undefined) return undefined;
    return Math.max(1, Math.min(this.o.ceiling, Math.floor((w!.lossFreeCpu ?? this.o.lossFreeCpu) / cost + 1e-9)));
  }
}
