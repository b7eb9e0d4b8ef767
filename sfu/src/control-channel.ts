import {
  nodeFeatures,
  callMessage,
  namespaces,
  nodeCommands,
  nodeReports,
  serveMessages,
  wireErrorSchema,
  type WireError,
  type WireRtpCapabilities,
  type WorkerLoad,
} from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { fencedHandlers } from './commands/fencing.js';
import { commandHandlers } from './commands/index.js';
import type { CommandContext } from './commands/context.js';
import type { NodeMetrics } from './metrics/node-metrics.js';

export interface ControlChannelOptions {
  /** The control-plane replica this channel dials. */
  url: string;
  ctx: CommandContext;
  version: string;
  /** The control plane refused this node for good (bad token, wrong id): retrying cannot help. */
  onRejected(error: WireError): void;
  /** Where each command's duration goes. */
  metrics?: Pick<NodeMetrics, 'commandHandled'>;
  /** The node's latest token (it renews itself): shown on every (re)connection. */
  token(): string;
  /** What every router of this node offers (`routerCapabilitiesOf`), told at registration. */
  routerCapabilities?: WireRtpCapabilities;
}

/**
 * The node's link to one control-plane replica: it registers, carries heartbeats and executes the
 * commands it is sent. It reconnects by itself and registers again on every (re)connect. Routers
 * are never dropped on registration: another replica's rooms may live on them.
 */
export class ControlChannel {
  private readonly socket: Socket;
  private registered = false;

  constructor(private readonly o: ControlChannelOptions) {
    const { logger } = o.ctx;
    this.socket = io(new URL(namespaces.node, o.url).href, {
      auth: (give) => give({ token: o.token() }),
      transports: ['websocket'],
      reconnectionDelayMax: 2000,
    });
    serveMessages(this.socket, nodeCommands, fencedHandlers(commandHandlers), o.ctx, {
      onError: (event, error, cause) =>
        logger[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause, controlPlane: o.url }, 'command failed'),
      onHandled: (event, seconds, error) => o.metrics?.commandHandled(event, seconds, error),
    });
    this.socket.on('connect', () => void this.register());
    this.socket.on('disconnect', (reason) => {
      this.registered = false;
      logger.warn({ reason, controlPlane: o.url }, 'control plane connection lost');
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
      logger.warn({ err: err.message, controlPlane: o.url }, 'cannot reach the control plane, retrying');
    });
  }

  /** Registered with this replica now. */
  get connected(): boolean {
    return this.registered && this.socket.connected;
  }

  private async register(): Promise<void> {
    const { config, media, pool, logger } = this.o.ctx;
    try {
      await callMessage(this.socket, nodeReports, 'register', {
        nodeId: config.NODE_ID,
        version: this.o.version,
        announcedIp: config.ANNOUNCED_IP,
        workers: pool.workers.length,
        consumersPerWorker: config.CONSUMERS_PER_WORKER,
        localityTags: config.LOCALITY_TAGS,
        routerIds: media.routerIds(),
        features: Object.values(nodeFeatures).filter((f) => !config.WITHHELD_FEATURES.includes(f)),
        ...(this.o.routerCapabilities && { routerCapabilities: this.o.routerCapabilities }),
      });
      logger.info({ workers: pool.workers.length, tags: config.LOCALITY_TAGS, controlPlane: this.o.url }, 'registered with the control plane');
      this.registered = true;
    } catch (err) {
      this.registered = false;
      logger.error({ err, controlPlane: this.o.url }, 'registration failed; reconnecting');
      this.socket.disconnect().connect();
    }
  }

  /** A fresh token from this replica (rejects unless registered with it). */
  async renewToken(): Promise<string> {
    if (!this.connected) throw new Error(`not registered with ${this.o.url}`);
    return (await callMessage(this.socket, nodeReports, 'renewToken', {})).token;
  }

  /** Tells this replica a worker came back empty, so it re-places what that worker served. */
  workerRestarted(index: number, lostRouterIds: string[]): void {
    if (!this.socket.connected) return; // the next registration reports the surviving routers anyway
    callMessage(this.socket, nodeReports, 'workerRestarted', { index, lostRouterIds }).catch((err: unknown) =>
      this.o.ctx.logger.warn({ err, worker: index, controlPlane: this.o.url }, 'could not report the worker restart'),
    );
  }

  /** Sends one heartbeat, if registered. */
  heartbeat(workers: WorkerLoad[]): void {
    if (this.connected) this.socket.emit('heartbeat', { workers });
  }

  close(): void {
    this.socket.close();
  }
}
