/**
 * The fan-out bench's climb: raise the number of consumers step by step, let each step warm up,
 * measure one window, and stop at the first step past the CPU or loss limit (or at the cap).
 */
export interface ClimbOptions {
  start: number;
  /** Each step has this many times the consumers of the one before. */
  growth: number;
  max: number;
  warmUpMs: number;
  windowMs: number;
  /** Stop past this share of a core... */
  maxCpu: number;
  /** ...or when less than this share of the expected copies arrives. */
  minDelivered: number;
}

/** Counters of one forwarder under test, read at a window's start and end. */
export interface Counters {
  at: number;
  /** Packets the forwarder took in, and those missing from its input (sequence gaps). */
  received: number;
  lost: number;
  /** Media packets all receivers got, and those missing from their sequences (in the sink's process). */
  delivered: number;
  missed: number;
  /** CPU time of the forwarder's process. */
  cpuMs: number;
  /** CPU time of the sink's process: a sink near a full core would make the forwarder look lossy. */
  sinkCpuMs: number;
  /**
   * Datagrams the kernel dropped at the forwarder's own sockets (receive buffer full: it did not
   * read in time), where the forwarder can tell: its input loss then has a named cause.
   */
  kernelDrops?: number;
}

export interface Step {
  consumers: number;
  /** Share of the replayed packets the forwarder took in (from its input's sequence gaps: no clock involved). */
  input: number;
  /** Share of the copies the receivers got (from their sequence gaps, so no clock is involved). */
  delivered: number;
  /** Share of one core the forwarder used. */
  cpu: number;
  sinkCpu: number;
  /** Forwarded packets per second and CPU µs per forwarded packet. */
  packetsPerSecond: number;
  usPerPacket: number | null;
  /** Datagrams the kernel dropped at the forwarder's sockets during the window (when it can tell). */
  kernelDrops?: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function ladder(o: Pick<ClimbOptions, 'start' | 'growth' | 'max'>): number[] {
  const steps: number[] = [];
  for (let n = o.start; n < o.max; n = Math.max(n + 1, Math.round((n * o.growth) / 10) * 10)) steps.push(n);
  steps.push(o.max);
  return steps;
}

export function withinLimits(s: Step, o: ClimbOptions): boolean {
  return s.cpu <= o.maxCpu && s.input >= o.minDelivered && s.delivered >= o.minDelivered;
}

/** The steps measured, and why the climb stopped adding consumers when it could not (a saturated worker's receivers may not finish their handshakes). */
export interface Climb {
  steps: Step[];
  addFailed?: string;
}

export async function climb(o: ClimbOptions, grow: (n: number) => Promise<void>, sample: () => Promise<Counters>, log: (s: Step) => void): Promise<Climb> {
  const steps: Step[] = [];
  for (const n of ladder(o)) {
    try {
      await grow(n);
    } catch (err) {
      return { steps, addFailed: `${n} consumers: ${(err as Error).message}` };
    }
    await sleep(o.warmUpMs);
    let step = await measure(n, o.windowMs, sample);
    // On a shared machine another process may take the core for a moment: a step past the limits
    // is measured once more before it ends the climb.
    if (!withinLimits(step, o)) {
      log(step);
      step = await measure(n, o.windowMs, sample);
    }
    steps.push(step);
    log(step);
    if (!withinLimits(step, o)) break;
  }
  return { steps };
}

async function measure(n: number, windowMs: number, sample: () => Promise<Counters>): Promise<Step> {
  const a = await sample();
  await sleep(windowMs);
  const b = await sample();
  const seconds = (b.at - a.at) / 1000;
  const received = b.received - a.received;
  const delivered = b.delivered - a.delivered;
  const cpuMs = b.cpuMs - a.cpuMs;
  return {
    consumers: n,
    input: round(received / Math.max(1, received + b.lost - a.lost)),
    delivered: round(delivered / Math.max(1, delivered + b.missed - a.missed)),
    cpu: round(cpuMs / 1000 / seconds),
    sinkCpu: round((b.sinkCpuMs - a.sinkCpuMs) / 1000 / seconds),
    packetsPerSecond: Math.round(delivered / seconds),
    usPerPacket: delivered > 0 ? round((cpuMs * 1000) / delivered, 2) : null,
    ...(a.kernelDrops !== undefined && b.kernelDrops !== undefined ? { kernelDrops: b.kernelDrops - a.kernelDrops } : {}),
  };
}

/**
 * What a run's steps say: the most consumers forwarded within the limits, and consumers per fully
 * used core at the cost measured there (CPU share scales with consumers at a fixed stream).
 */
/** A sink past this share of its core may be what lost the packets, not the forwarder. */
const sinkBusy = 0.9;

export function summarise({ steps, addFailed }: Climb, o: ClimbOptions, packetsPerConsumer: number) {
  const ok = steps.filter((s) => withinLimits(s, o));
  const last = ok.at(-1);
  const stoppedBy = steps.length > ok.length ? steps.at(-1)! : undefined;
  const costs = steps.flatMap((s) => (s.usPerPacket === null ? [] : [s.usPerPacket])).sort((a, b) => a - b);
  const medianUs = costs.length ? costs[Math.floor(costs.length / 2)]! : null;
  return {
    /**
     * Consumers a full core carries at the median CPU cost per forwarded packet of every step:
     * on a machine shared with other work, loss may come from the forwarder waiting for a core
     * long before it uses one, and this figure does not depend on that.
     */
    medianUsPerPacket: medianUs,
    perFullCoreAtMeasuredCost: medianUs ? Math.round(1e6 / (medianUs * packetsPerConsumer)) : null,
    lossFreeConsumers: last?.consumers ?? 0,
    cpuThere: last?.cpu ?? 0,
    usPerPacket: last?.usPerPacket ?? null,
    perFullCore: last && last.cpu > 0 ? Math.round(last.consumers / last.cpu) : null,
    stoppedBy: addFailed ? `could not add ${addFailed}` : whyStopped(stoppedBy, o),
  };
}

/** Why the climb ended at its last step: no step past the limits (the cap), CPU, or loss. */
function whyStopped(past: Step | undefined, o: ClimbOptions): string {
  if (!past) return 'cap';
  if (past.cpu > o.maxCpu) return 'cpu';
  return past.sinkCpu > sinkBusy ? 'loss, sink busy' : 'loss';
}
