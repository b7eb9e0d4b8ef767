// How much one site may send: a few opinions a minute (counted in Redis, so a site that moves to
// another replica keeps its count) and a bounded number waiting for the secretariat at once, so
// one site cannot bury every other site's opinions in the queue.
import { LienthongError } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface OpinionSendLimits {
  /** opinions a site may send per minute */
  perMinute: number;
  /** opinions of one site waiting (pending) at once */
  waiting: number;
}

/** A delegate's opinion takes minutes to dictate and type: 5 a minute is a hall typing fast. */
export const defaultSendLimits: OpinionSendLimits = { perMinute: 5, waiting: 20 };

export class OpinionSendLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    prefix: string,
    readonly limits: OpinionSendLimits = defaultSendLimits,
  ) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:opinion-send`, points: limits.perMinute, duration: 60 });
  }

  /** Counts one sending; throws TOO_MANY_REQUESTS (with `retryAfterSeconds`) past the rate. */
  async take(conferenceId: string, siteId: string): Promise<void> {
    try {
      await this.limiter.consume(`${conferenceId}|${siteId}`);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterSeconds = Math.ceil(err.msBeforeNext / 1000);
      throw new LienthongError('TOO_MANY_REQUESTS', `At most ${this.limits.perMinute} opinions a minute; try again in ${retryAfterSeconds} s`, undefined, { retryAfterSeconds });
    }
  }

  /** Throws TOO_MANY_REQUESTS when the site already has `waiting` opinions in the queue. */
  checkWaiting(waiting: number): void {
    if (waiting >= this.limits.waiting)
      throw new LienthongError('TOO_MANY_REQUESTS', `${waiting} opinions of this site still wait for the secretariat`, undefined, { waiting });
  }
}
