/**
 * A worker's consumer capacity measured from its own load rather than configured: the CPU share
 * it spends per forwarding consumer, smoothed over heartbeats, gives how many consumers fill the
 * CPU up to the point where a worker still forwards loss-free.
 *
 * The cost per consumer includes the worker's fixed costs (receiving the producers, RTCP, stats),
 * so at light load it overstates the cost and the capacity errs low; it rises as load amortises
 * them. Samples too light to say anything keep the previous estimate.
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
}

export interface CapacitySample {
  /** The worker process, so a restarted worker starts a fresh estimate. */
  pid: number;
  /** Share of one core used since the previous sample. */
  cpu: number;
  /** Consumers forwarding media (not paused) during the sample. */
  activeConsumers: number;
}

interface WorkerEstimate {
  pid: number;
  /** Smoothed share of a core per forwarding consumer. */
  costPerConsumer?: number;
}

export class CapacityEstimator {
  private readonly workers: WorkerEstimate[] = [];
  private readonly o: Required<CapacityEstimatorOptions>;

  constructor(options: CapacityEstimatorOptions) {
    this.o = { lossFreeCpu: 0.9, minConsumers: 20, minCpu: 0.05, smoothing: 0.3, ...options };
  }

  /** Takes one heartbeat's sample of a worker; answers its capacity, or undefined while unmeasured. */
  sample(index: number, s: CapacitySample): number | undefined {
    let w = this.workers[index];
    if (!w || w.pid !== s.pid) this.workers[index] = w = { pid: s.pid };
    if (s.activeConsumers >= this.o.minConsumers && s.cpu >= this.o.minCpu) {
      const cost = s.cpu / s.activeConsumers;
      w.costPerConsumer = w.costPerConsumer === undefined ? cost : w.costPerConsumer + this.o.smoothing * (cost - w.costPerConsumer);
    }
    return this.capacity(index);
  }

  capacity(index: number): number | undefined {
    const cost = this.workers[index]?.costPerConsumer;
    if (cost === undefined) return undefined;
    return Math.max(1, Math.min(this.o.ceiling, Math.floor(this.o.lossFreeCpu / cost + 1e-9)));
  }
}
