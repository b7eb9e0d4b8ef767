import type { WireError, WorkerLoad } from '@lienthong/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkerPool } from '../media/worker-pool.js';

export interface NodeMetricsSources {
  /** NODE_ID, put on every series as `media_node` (the control plane's label for the same node). */
  nodeId: string;
  pool: Pick<WorkerPool, 'workers' | 'restarts' | 'get'>;
  /** Capacity this node registers per worker (CONSUMERS_PER_WORKER); heartbeats may measure less. */
  consumersPerWorker: number;
  /** Whether the node is registered with a control plane right now. */
  connected(): boolean;
}

/** Per-worker levels the heartbeat measures, by metric name. */
const loadGauges = {
  lienthong_sfu_worker_routers: ['Routers on the worker', (w: WorkerLoad) => w.routers],
  lienthong_sfu_worker_transports: ['Transports (WebRTC, pipe, plain) on the worker', (w: WorkerLoad) => w.transports],
  lienthong_sfu_worker_producers: ['Producers on the worker (pipe copies included)', (w: WorkerLoad) => w.producers],
  lienthong_sfu_worker_consumers: ['Consumers on the worker', (w: WorkerLoad) => w.consumers],
  // Prometheus's base unit is the byte; the heartbeat's bitrates are bits.
  lienthong_sfu_worker_receive_bytes_per_second: ['Media the worker received, from its transports\' stats (on a worker with more than 64, a rotating sample of 64 scaled to all)', (w: WorkerLoad) => w.bitrateIn / 8],
  lienthong_sfu_worker_send_bytes_per_second: ['Media the worker sent, from its transports\' stats (on a worker with more than 64, a rotating sample of 64 scaled to all)', (w: WorkerLoad) => w.bitrateOut / 8],
  lienthong_sfu_worker_cpu_ratio: ['Share of one core the worker used over the last heartbeat interval', (w: WorkerLoad) => w.cpu],
} as const;

/**
 * The media node's Prometheus metrics. The per-worker levels are the very numbers the heartbeat
 * sends the control plane (`recordLoad`, O(workers) per heartbeat): nothing is measured twice.
 * Liveness, restarts and the link are read from the pool and the channel when scraped.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  private readonly load = new Map<string, Gauge<'worker'>>();
  /** Each worker's capacity as its last heartbeat measured it (absent: not measured yet). */
  private readonly measuredCapacity: (number | undefined)[] = [];
  private readonly commands = new Histogram({
    name: 'lienthong_sfu_command_duration_seconds',
    help: 'Control-plane commands executed by this node, by command',
    labelNames: ['command'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly commandFailures = new Counter({
    name: 'lienthong_sfu_command_failures_total',
    help: 'Commands this node refused or failed, by command and error code',
    labelNames: ['command', 'code'] as const,
    registers: [this.registry],
  });

  constructor(o: NodeMetricsSources) {
    this.registry.setDefaultLabels({ media_node: o.nodeId });
    collectDefaultMetrics({ register: this.registry });
    for (const [name, [help]] of Object.entries(loadGauges))
      this.load.set(name, new Gauge({ name, help, labelNames: ['worker'] as const, registers: [this.registry] }));
    const perWorker = (set: (index: number) => void) => o.pool.workers.forEach((_, index) => set(index));
    const measured = this.measuredCapacity;
    new Gauge({
      name: 'lienthong_sfu_worker_consumer_capacity',
      help: 'Consumers one worker carries loss-free: as measured from its CPU per consumer, else as registered (CONSUMERS_PER_WORKER)',
      labelNames: ['worker'] as const,
      registers: [this.registry],
      collect() {
        perWorker((i) => this.set({ worker: String(i) }, measured[i] ?? o.consumersPerWorker));
      },
    });
    new Gauge({
      name: 'lienthong_sfu_worker_alive',
      help: '1 while the worker process runs, 0 while its supervisor restarts it',
      labelNames: ['worker'] as const,
      registers: [this.registry],
      collect() {
        perWorker((i) => this.set({ worker: String(i) }, o.pool.get(i) ? 1 : 0));
      },
    });
    new Counter({
      name: 'lienthong_sfu_worker_restarts_total',
      help: 'Times the supervisor replaced a dead worker since the node started',
      labelNames: ['worker'] as const,
      registers: [this.registry],
      collect() {
        // The pool keeps the count; a counter cannot be set, so it is rebuilt from it.
        this.reset();
        perWorker((i) => this.inc({ worker: String(i) }, o.pool.restarts[i] ?? 0));
      },
    });
    new Gauge({
      name: 'lienthong_sfu_control_plane_connected',
      help: '1 while the node is registered with a control plane',
      registers: [this.registry],
      collect() {
        this.set(o.connected() ? 1 : 0);
      },
    });
  }

  /** The load one heartbeat measured. */
  recordLoad(workers: readonly WorkerLoad[]): void {
    for (const [name, [, read]] of Object.entries(loadGauges)) {
      const gauge = this.load.get(name)!;
      for (const w of workers) gauge.set({ worker: String(w.index) }, read(w));
    }
    for (const w of workers) this.measuredCapacity[w.index] = w.consumerCapacity;
  }

  /** One command executed (from the message pipeline's hook). */
  commandHandled(command: string, seconds: number, error: WireError | null): void {
    this.commands.observe({ command }, seconds);
    if (error) this.commandFailures.inc({ command, code: error.code });
  }
}
