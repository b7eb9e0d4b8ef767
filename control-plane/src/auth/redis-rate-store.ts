// express-rate-limit's counters in Redis, so every control-plane replica counts the same login
// attempts (a memory store would give an attacker N replicas times the limit).
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';

// INCR and set the window's expiry on the first hit, atomically.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

export class RedisRateStore implements Store {
  private windowMs = 60_000;

  constructor(
    private readonly redis: Redis,
    /** Key prefix, e.g. "<deployment prefix>:login:". */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [hits, ttl] = (await this.redis.eval(INCREMENT, 1, this.prefix + key, this.windowMs)) as [number, number];
    return { totalHits: hits, resetTime: new Date(Date.now() + Math.max(ttl, 0)) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
