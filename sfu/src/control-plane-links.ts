import { RenewingToken, type WireError, type WireRtpCapabilities } from '@lienthong/contracts';
import type { CommandContext } from './commands/context.js';
import { ControlChannel } from './control-channel.js';
import { CapacityEstimator } from './media/capacity-estimator.js';
import { LoadMeter } from './media/load-meter.js';
import type { NodeMetrics } from './metrics/node-metrics.js';

export interface ControlPlaneLinksOptions {
  /** Every control-plane replica (CONTROL_PLANE_URL lists them): the node dials each. */
  urls: string[];
  ctx: CommandContext;
  version: string;
  onRejected(error: WireError): void;
  metrics?: Pick<NodeMetrics, 'recordLoad' | 'commandHandled'>;
  /** What every router of this node offers, told to each replica at registration. */
  routerCapabilities?: WireRtpCapabilities;
}

/**
 * The node's links to every control-plane replica. Each replica has the whole fleet (and its own
 * watchdog), so whichever replica owns a conference commands its media directly, and losing one
 * replica loses no node. The load is measured once per HEARTBEAT_MS and sent on every link.
 */
export class ControlPlaneLinks {
  private readonly channels: ControlChannel[];
  private readonly meter: LoadMeter;
  private readonly heartbeat: NodeJS.Timeout;
  /** NODE_TOKEN, renewed by the node itself through whichever replica answers. */
  readonly token: RenewingToken;

  constructor(o: ControlPlaneLinksOptions) {
    const { config, logger } = o.ctx;
    this.token = new RenewingToken(config.NODE_TOKEN, {
      renew: () => this.renewToken(),
      onRenewed: (_, expiresAt) => logger.info({ expiresAt: new Date(expiresAt).toISOString() }, 'node token renewed'),
      onError: (err) => logger.warn({ err }, 'cannot renew the node token yet; trying again'),
    }).start();
    const token = () => this.token.current;
    this.channels = o.urls.map((url) => new ControlChannel({ url, ctx: o.ctx, version: o.version, onRejected: o.onRejected, metrics: o.metrics, token, routerCapabilities: o.routerCapabilities }));
    this.meter = new LoadMeter(o.ctx.pool, o.ctx.media, new CapacityEstimator({ ceiling: config.CONSUMERS_PER_WORKER }));
    let measuring = false;
    // Measured registered or not: the metrics stay live while the control plane is away.
    this.heartbeat = setInterval(() => {
      // Measuring asks every worker for stats: never let two rounds overlap on a busy node.
      if (measuring) return;
      measuring = true;
      this.meter
        .measure()
        .then((workers) => {
          o.metrics?.recordLoad(workers);
          for (const channel of this.channels) channel.heartbeat(workers);
        })
        .catch((err: unknown) => logger.warn({ err }, 'cannot measure load'))
        .finally(() => (measuring = false));
    }, config.HEARTBEAT_MS);
  }

  /** A fresh token from the first registered replica that gives one. */
  private async renewToken(): Promise<string> {
    let last: unknown = new Error('registered with no control-plane replica');
    for (const channel of this.channels) {
      try {
        return await channel.renewToken();
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }

  /** Registered with at least one replica. */
  get connected(): boolean {
    return this.channels.some((c) => c.connected);
  }

  workerRestarted(index: number, lostRouterIds: string[]): void {
    for (const channel of this.channels) channel.workerRestarted(index, lostRouterIds);
  }

  close(): void {
    this.token.stop();
    clearInterval(this.heartbeat);
    for (const channel of this.channels) channel.close();
  }
}
