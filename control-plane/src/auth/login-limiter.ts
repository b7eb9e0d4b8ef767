// Login limiting (rate-limiter-flexible, counters in Redis so every replica counts the same).
// Only failures count, on three keys:
// - username + address: consecutive failures back off exponentially (1 s, 2 s, 4 s, ... 15 min)
//   and reset on success: a person who mistypes waits a little, a guesser a lot;
// - username, from any address: a cap per hour, so 30 addresses cannot try 300 passwords;
// - address: a cap per hour, high enough that one shared address (every user behind a proxy
//   without TRUST_PROXY) is not locked out by a few people mistyping.
import { LienthongError } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  failuresPerUsernamePerHour: number;
  failuresPerAddressPerHour: number;
  /** Consecutive failures (username + address) allowed before the backoff starts. */
  freeFailures: number;
}

const hour = 3600;
const maxBackoffSeconds = 15 * 60;

export class LoginLimiter {
  private readonly byUsername: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;
  private readonly consecutive: RateLimiterRedis;
  private readonly backoff: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, private readonly limits: LoginLimits) {
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login:${name}`, points, duration });
    this.byUsername = limiter('user', limits.failuresPerUsernamePerHour, hour);
    this.byAddress = limiter('addr', limits.failuresPerAddressPerHour, hour);
    this.consecutive = limiter('consecutive', 1_000_000, 24 * hour);
    // Only ever blocked (`block`), never consumed: a key present means "wait".
    this.backoff = limiter('backoff', 1, maxBackoffSeconds);
  }

  /** Throws TOO_MANY_REQUESTS (with `retryAfterSeconds`) while this username or address must wait. */
  async check(username: string, address: string): Promise<void> {
    const [user, addr, wait] = await Promise.all([
      this.byUsername.get(username),
      this.byAddress.get(address),
      this.backoff.get(`${username}|${address}`),
    ]);
    const over = (res: RateLimiterRes | null, limit: number) => (res && res.consumedPoints >= limit ? res.msBeforeNext : 0);
    const ms = Math.max(
      over(user, this.limits.failuresPerUsernamePerHour),
      over(addr, this.limits.failuresPerAddressPerHour),
      wait && wait.consumedPoints > 1 ? wait.msBeforeNext : 0,
    );
    if (ms > 0) {
      const retryAfterSeconds = Math.ceil(ms / 1000);
      throw new LienthongError('TOO_MANY_REQUESTS', `Too many failed logins; try again in ${retryAfterSeconds} s`, undefined, { retryAfterSeconds });
    }
  }

  /** Counts a wrong password (or unknown username) and starts the backoff once it is due. */
  async failed(username: string, address: string): Promise<void> {
    const key = `${username}|${address}`;
    const [, , streak] = await Promise.all([
      this.byUsername.penalty(username),
      this.byAddress.penalty(address),
      this.consecutive.penalty(key),
    ]);
    const beyond = streak.consumedPoints - this.limits.freeFailures;
    if (beyond > 0) await this.backoff.block(key, Math.min(2 ** (beyond - 1), maxBackoffSeconds));
  }

  /** A successful login ends the streak from that address (not the username's hourly count). */
  async succeeded(username: string, address: string): Promise<void> {
    const key = `${username}|${address}`;
    await Promise.all([this.consecutive.delete(key), this.backoff.delete(key)]);
  }
}
