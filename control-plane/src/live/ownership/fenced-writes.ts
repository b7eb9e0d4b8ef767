import type { Redis } from 'ioredis';
import { leaseKey } from './room-lease.js';

/**
 * Writes of a room's state (plan, stage, media records) that Redis carries out only while the
 * writer's fence is still the conference's: an owner paused past its lease (a long GC, a frozen
 * VM) wakes up with saves queued, and those must not overwrite what its successor has written
 * since. The check and the writes run in one Lua script, so nothing lands between them.
 */
export type FencedOp =
  | { op: 'set'; key: string; value: string; ttlSeconds: number }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'hdel'; key: string; field: string }
  | { op: 'expire'; key: string; ttlSeconds: number };

/** The fence this replica holds for a conference now, or null when it does not own it. */
export type FenceOf = (conferenceId: string) => number | null;

// KEYS[1]: the conference's owner record (JSON with its fence). ARGV[1]: the writer's fence; then
// the operations, each an op name followed by its arguments.
const script = `
local owner = redis.call('GET', KEYS[1])
if not owner then return 0 end
local ok, record = pcall(cjson.decode, owner)
if not ok or tonumber(record['fence']) ~= tonumber(ARGV[1]) then return 0 end
local i = 2
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'set' then redis.call('SET', ARGV[i + 1], ARGV[i + 2], 'EX', ARGV[i + 3]); i = i + 4
  elseif op == 'hset' then redis.call('HSET', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'hdel' then redis.call('HDEL', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'expire' then redis.call('EXPIRE', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  else return redis.error_reply('unknown fenced op ' .. op) end
end
return 1`;

const flatten = (ops: readonly FencedOp[]): (string | number)[] =>
  ops.flatMap((o) => {
    switch (o.op) {
      case 'set':
        return [o.op, o.key, o.value, o.ttlSeconds];
      case 'hset':
        return [o.op, o.key, o.field, o.value];
      case 'hdel':
        return [o.op, o.key, o.field];
      case 'expire':
        return [o.op, o.key, o.ttlSeconds];
    }
  });

type WithFencedWrite = Redis & { lienthongFencedWrite(ownerKey: string, ...args: (string | number)[]): Promise<number> };

/**
 * The room stores' way to Redis. Until `fencedBy` is called (stores used outside a lease: tools,
 * tests) writes are plain; after it, a conference's writes carry the fence this replica holds for
 * it, and are not sent at all when it holds none.
 */
export class FencedWriter {
  private readonly redis: WithFencedWrite;
  private fenceOf: FenceOf | null = null;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('lienthongFencedWrite' in redis)) redis.defineCommand('lienthongFencedWrite', { numberOfKeys: 1, lua: script });
    // defineCommand adds the method to this connection: the shape above now holds.
    this.redis = redis as WithFencedWrite;
  }

  fencedBy(fenceOf: FenceOf): void {
    this.fenceOf = fenceOf;
  }

  /** Whether this replica may write the conference's state now (it holds its lease, or nothing is fenced). */
  mayWrite(conferenceId: string): boolean {
    return !this.fenceOf || this.fenceOf(conferenceId) !== null;
  }

  /** true when written; false when this replica's fence is not (or no longer) the conference's: nothing was written. */
  async write(conferenceId: string, ops: readonly FencedOp[]): Promise<boolean> {
    if (!ops.length) return true;
    if (!this.fenceOf) {
      await this.writeUnfenced(ops);
      return true;
    }
    const fence = this.fenceOf(conferenceId);
    if (fence === null) return false;
    return (await this.redis.lienthongFencedWrite(leaseKey(this.prefix, 'owner', conferenceId), fence, ...flatten(ops))) === 1;
  }

  private async writeUnfenced(ops: readonly FencedOp[]): Promise<void> {
    const batch = this.redis.multi();
    for (const o of ops) {
      if (o.op === 'set') batch.set(o.key, o.value, 'EX', o.ttlSeconds);
      else if (o.op === 'hset') batch.hset(o.key, o.field, o.value);
      else if (o.op === 'hdel') batch.hdel(o.key, o.field);
      else batch.expire(o.key, o.ttlSeconds);
    }
    await batch.exec();
  }
}
