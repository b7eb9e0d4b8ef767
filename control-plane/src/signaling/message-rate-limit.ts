// One per-socket message rate limit for every socket.io namespace: a token bucket per socket,
// applied by a socket middleware before any handler runs. Excess gets a TOO_MANY_REQUESTS ack
// (when the sender asked for one) and is dropped; one log line per burst, never a crash.
import { LienthongError, namespaces, type Ack } from '@lienthong/contracts';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.js';

export interface RateLimit {
  /** messages accepted at once */
  burst: number;
  /** sustained messages per second */
  perSecond: number;
}

/**
 * Chosen per kind of peer from what it legitimately sends:
 * - a site: a health report a second plus a join's burst (hello, join, two transports, two
 *   produces, a consume and resume per program track, ~20), and ICE restarts on a bad link;
 * - a console: watch, thumbnails (set, resume per tile: a grid of 24 at once) and navigation;
 * - a media node: heartbeats, worker news and command answers from a trusted machine, bursty
 *   when a node re-registers its routers; generous, only a runaway loop is cut;
 * - a recorder: a few requests per recording.
 */
export const messageRateLimits: Record<keyof typeof namespaces, RateLimit> = {
  site: { burst: 40, perSecond: 10 },
  console: { burst: 120, perSecond: 30 },
  node: { burst: 2000, perSecond: 500 },
  recorder: { burst: 60, perSecond: 20 },
};

/** A classic token bucket; `now` in ms. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.at = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.at) / 1000) * this.limit.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Puts the limit on every socket of the namespace. */
export function limitSocketMessages(socket: Socket, limit: RateLimit, logger: Logger): void {
  const bucket = new TokenBucket(limit);
  let refusing = false;
  socket.use((packet, next) => {
    if (bucket.take()) {
      refusing = false;
      return next();
    }
    const ack: unknown = packet.at(-1);
    const error = new LienthongError('TOO_MANY_REQUESTS', `More than ${limit.perSecond} messages a second`).toWire();
    if (typeof ack === 'function') (ack as (answer: Ack<never>) => void)({ ok: false, error });
    if (!refusing) logger.warn({ nsp: socket.nsp.name, socketId: socket.id, event: packet[0], limit }, 'message rate limit reached');
    refusing = true;
  });
}

/** Every namespace of the server, each with its own limit. */
export function limitMessageRates(io: Server, logger: Logger): void {
  for (const [kind, name] of Object.entries(namespaces) as [keyof typeof namespaces, string][]) {
    io.of(name).on('connection', (socket) => limitSocketMessages(socket, messageRateLimits[kind], logger));
  }
}
