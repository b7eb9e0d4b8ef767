import { namespaces, type EndpointId, type ErrorCode } from '@lienthong/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { HealthHub } from '../health/health-hub.js';
import { workerCapacity } from '../live/fleet-input.js';
import type { MetricEvents } from './metric-events.js';

/** The live state the gauges read when Prometheus scrapes (never before). */
export interface LiveState {
  /** Only what the gauges read of each room. */
  rooms: { list(): readonly { conferenceId: string; presentSites: number }[] };
  fleet: Pick<NodeRegistry, 'list' | 'on'>;
  io: { of(namespace: string): { sockets: { size: number } } };
  hub: Pick<HealthHub, 'watchers'>;
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * The control plane's Prometheus metrics, in its own registry (one per control plane: tests run
 * several in one process). Events are counted as they happen; everything that is a level (rooms,
 * sites present, node load) is read from the live state at scrape time, so a scrape costs
 * O(rooms + nodes x workers) and a heartbeat or a site report costs nothing. No label ever names
 * a site: conferences and nodes are few, sites are 15,000. Label names avoid those scrapers add to
 * every target (job, node, namespace, endpoint), which would rename ours to exported_*.
 */
export class ControlPlaneMetrics implements MetricEvents {
  readonly registry = new Registry();
  private live: LiveState | null = null;

  private readonly rest = new Histogram({
    name: 'lienthong_rest_request_duration_seconds',
    help: 'REST calls by endpoint id (contracts/src/rest.ts) and status class',
    labelNames: ['endpoint_id', 'status_class'] as const,
    // Resolving a national conference's rules writes ~15,000 rows: the top buckets are for that.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly commands = new Histogram({
    name: 'lienthong_node_command_duration_seconds',
    help: 'Media-node commands from send to answer (or failure), by command',
    labelNames: ['command'] as const,
    // Answers on a LAN take a millisecond or two; the call times out at 10 s.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly commandFailures = new Counter({
    name: 'lienthong_node_command_failures_total',
    help: 'Media-node commands that failed, by command and error code',
    labelNames: ['command', 'code'] as const,
    registers: [this.registry],
  });
  private readonly logins = new Counter({
    name: 'lienthong_login_failures_total',
    help: 'Refused logins: wrong credentials, or rate limited',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly jobs = new Counter({
    name: 'lienthong_scheduling_jobs_total',
    help: 'Scheduling (BullMQ) job attempts run by this replica, by job and outcome',
    labelNames: ['job_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly siteDisconnects = new Counter({
    name: 'lienthong_site_disconnects_total',
    help: "Site sockets gone, by socket.io's reason (ping timeout: the link; transport close: the page or network)",
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly siteRequests = new Counter({
    name: 'lienthong_site_requests_total',
    help: "Sites' requests answered, by request and outcome (ok, or the refusal's code); health reports are not counted",
    labelNames: ['request', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly nodeLosses = new Counter({
    name: 'lienthong_media_node_losses_total',
    help: 'Media nodes declared gone (disconnected or silent past NODE_TIMEOUT_MS)',
    labelNames: ['media_node'] as const,
    registers: [this.registry],
  });
  private readonly workerRestarts = new Counter({
    name: 'lienthong_media_node_worker_restarts_total',
    help: 'Worker restarts media nodes reported (each re-places the sites of that worker)',
    labelNames: ['media_node'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const live = () => this.live;
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: (g: Gauge<L>, live: LiveState) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect() {
          // Reset first: a conference, node or worker that went must not linger at its last value.
          this.reset();
          const state = live();
          if (state) read(this, state);
        },
      });

    gauge('lienthong_rooms_live', 'Live conferences (rooms) held by this replica', [], (g, { rooms }) => g.set(rooms.list().length));
    gauge('lienthong_sites_present', 'Sites present in a live conference on this replica', ['conference'], (g, { rooms }) => {
      for (const room of rooms.list()) g.set({ conference: room.conferenceId }, room.presentSites);
    });
    gauge('lienthong_consoles_watching', "Operator consoles on this replica watching a conference's health", ['conference'], (g, { hub }) => {
      for (const [conference, n] of hub.watchers()) g.set({ conference }, n);
    });
    gauge('lienthong_socket_connections', 'Open socket.io connections on this replica, by namespace', ['socket_namespace'], (g, { io }) => {
      for (const ns of Object.values(namespaces)) g.set({ socket_namespace: ns }, io.of(ns).sockets.size);
    });
    gauge('lienthong_media_nodes_connected', 'Media nodes connected to this replica', [], (g, { fleet }) => g.set(fleet.list().length));
    gauge('lienthong_media_node_heartbeat_age_seconds', "Seconds since a node's last heartbeat", ['media_node'], (g, { fleet }) => {
      const now = Date.now();
      for (const n of fleet.list()) g.set({ media_node: n.nodeId }, (now - n.lastSeenAt.getTime()) / 1000);
    });
    // The planner's view: the load each node last reported (heartbeat) against the capacity the planner uses.
    gauge('lienthong_media_node_worker_consumers', 'Consumers on a media-node worker, as last reported', ['media_node', 'worker'], (g, { fleet }) => {
      for (const n of fleet.list()) for (const w of n.workers) g.set({ media_node: n.nodeId, worker: String(w.index) }, w.consumers);
    });
    gauge('lienthong_media_node_worker_consumer_capacity', 'Consumers a media-node worker carries loss-free (measured by its node, at most as registered)', ['media_node', 'worker'], (g, { fleet }) => {
      for (const n of fleet.list()) for (const w of n.workers) g.set({ media_node: n.nodeId, worker: String(w.index) }, workerCapacity(n, w));
    });
  }

  /** From now on the gauges read this state; node losses and worker restarts are counted from its fleet. */
  watch(live: LiveState): void {
    this.live = live;
    live.fleet.on('nodeDown', (node) => this.nodeLosses.inc({ media_node: node.nodeId }));
    live.fleet.on('workerRestarted', (node) => this.workerRestarts.inc({ media_node: node.nodeId }));
  }

  restRequest(endpoint: EndpointId, status: number, seconds: number): void {
    this.rest.observe({ endpoint_id: endpoint, status_class: statusClass(status) }, seconds);
  }

  nodeCommand(command: string, seconds: number, error: ErrorCode | null): void {
    this.commands.observe({ command }, seconds);
    if (error) this.commandFailures.inc({ command, code: error });
  }

  loginFailed(reason: 'credentials' | 'rate_limited'): void {
    this.logins.inc({ reason });
  }

  jobFinished(job: string, outcome: 'completed' | 'failed'): void {
    this.jobs.inc({ job_type: job, outcome });
  }

  siteDisconnected(reason: string): void {
    this.siteDisconnects.inc({ reason });
  }

  siteRequest(request: string, error: ErrorCode | null): void {
    this.siteRequests.inc({ request, outcome: error ?? 'ok' });
  }
}
