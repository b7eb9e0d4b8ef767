import {
  callMessage,
  namespaces,
  nodeCommands,
  nodeReports,
  serveMessages,
  wireErrorSchema,
  type WireError,
} from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { commandHandlers } from './commands/index.js';
import type { CommandContext } from './commands/context.js';
import { LoadMeter } from './media/load-meter.js';
import type { NodeMetrics } from './metrics/node-metrics.js';

export interface ControlChannelOptions {
  ctx: CommandContext;
  version: string;
  /** The control plane refused this node for good (bad token, wrong id): retrying cannot help. */
  onRejected(error: WireError): void;
  /** Where each heartbeat's load and each command's duration go. */
  metrics?: Pick<NodeMetrics, 'recordLoad' | 'commandHandled'>;
}

/**
 * The node's one link to the control plane: it registers, heartbeats its load and executes the
 * commands it is sent. It reconnects by itself; on every (re)connect it registers again and drops
 * routers the control plane no longer knows (their conferences were re-planned elsewhere).
 */
export class ControlChannel {
  private readonly socket: Socket;
  private heartbeat?: NodeJS.Timeout;
  private readonly meter: LoadMeter;
  private registered = false;

  constructor(private readonly o: ControlChannelOptions) {
    const { config, logger } = o.ctx;
    this.meter = new LoadMeter(o.ctx.pool, o.ctx.media);
    this.socket = io(new URL(namespaces.node, config.CONTROL_PLANE_URL).href, {
      auth: { token: config.NODE_TOKEN },
      transports: ['websocket'],
      reconnectionDelayMax: 2000,
    });
    serveMessages(this.socket, nodeCommands, commandHandlers, o.ctx, {
      onError: (event, error, cause) =>
        logger[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause }, 'command failed'),
      onHandled: (event, seconds, error) => o.metrics?.commandHandled(event, seconds, error),
    });
    this.socket.on('connect', () => void this.register());
    this.socket.on('disconnect', (reason) => {
      this.registered = false;
      logger.warn({ reason }, 'control plane connection lost');
      // The control plane cut this node off (heartbeats missed while the host was stalled):
      // socket.io does not reconnect after a server-side disconnect, so dial again here.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const wire = wireErrorSchema.safeParse(err.data);
      if (wire.success && ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'FORBIDDEN'].includes(wire.data.code)) {
        this.socket.disconnect();
        o.onRejected(wire.data);
        return;
      }
      logger.warn({ err: err.message }, 'cannot reach the control plane, retrying');
    });
    this.startHeartbeat();
  }

  /** Registered with a control plane now. */
  get connected(): boolean {
    return this.registered && this.socket.connected;
  }

  private async register(): Promise<void> {
    const { config, media, pool, logger } = this.o.ctx;
    try {
      // Only routers from before this registration can be stale: the control plane may create new
      // ones as soon as it has registered us, before its answer arrives here.
      const before = media.routerIds();
      const { keepRouterIds } = await callMessage(this.socket, nodeReports, 'register', {
        nodeId: config.NODE_ID,
        version: this.o.version,
        announcedIp: config.ANNOUNCED_IP,
        workers: pool.workers.length,
        consumersPerWorker: config.CONSUMERS_PER_WORKER,
        localityTags: config.LOCALITY_TAGS,
        routerIds: before,
      });
      const keep = new Set(keepRouterIds);
      for (const id of before) if (!keep.has(id) && media.routerIds().includes(id)) media.router(id).object.close();
      logger.info({ workers: pool.workers.length, tags: config.LOCALITY_TAGS }, 'registered with the control plane');
      this.registered = true;
    } catch (err) {
      this.registered = false;
      logger.error({ err }, 'registration failed; reconnecting');
      this.socket.disconnect().connect();
    }
  }

  /** Tells the control plane a worker came back empty, so it re-places what that worker served. */
  workerRestarted(index: number, lostRouterIds: string[]): void {
    if (!this.socket.connected) return; // the next registration reports the surviving routers anyway
    callMessage(this.socket, nodeReports, 'workerRestarted', { index, lostRouterIds }).catch((err: unknown) =>
      this.o.ctx.logger.warn({ err, worker: index }, 'could not report the worker restart'),
    );
  }

  /**
   * Measures the load every HEARTBEAT_MS, registered or not (the metrics stay live while the
   * control plane is away), and sends it while registered.
   */
  private startHeartbeat(): void {
    const { config, logger } = this.o.ctx;
    let measuring = false;
    this.heartbeat = setInterval(() => {
      // Measuring asks every worker for stats: never let two rounds overlap on a busy node.
      if (measuring) return;
      measuring = true;
      this.meter
        .measure()
        .then((workers) => {
          this.o.metrics?.recordLoad(workers);
          if (this.connected) this.socket.emit('heartbeat', { workers });
        })
        .catch((err: unknown) => logger.warn({ err }, 'cannot measure load'))
        .finally(() => (measuring = false));
    }, config.HEARTBEAT_MS);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.socket.close();
  }
}
