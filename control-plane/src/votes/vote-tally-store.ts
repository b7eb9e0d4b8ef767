// Live tallies in Redis, so any replica can take a site's entry: per vote a meta hash (status,
// closing time), a hash of each site's last entry and a hash of running sums. A correction
// subtracts the site's previous counts in the same script, so it is counted once.
import type { Redis, Result } from 'ioredis';

export type EnterOutcome = { kind: 'entered' | 'corrected'; revision: number } | { kind: 'closed' } | { kind: 'unknown' };

export interface StoredTally {
  totals: number[];
  voted: number;
  /** per group code: sites voted and counts per option */
  groups: Map<string, { voted: number; counts: number[] }>;
}

export interface StoredEntry {
  revision: number;
  counts: number[];
}

/** Kept a week: the final tally is in PostgreSQL once the vote closes. */
const ttlSeconds = 7 * 24 * 3600;

// KEYS: meta, entries, tally. ARGV: site, now (ms), group, counts... Entries are "revision|group|c0,c1,…".
const enterScript = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {-1, 0} end
if status ~= 'open' or tonumber(ARGV[2]) >= tonumber(redis.call('HGET', KEYS[1], 'closesAt')) then return {0, 0} end
local site, group = ARGV[1], ARGV[3]
local prev = redis.call('HGET', KEYS[2], site)
local revision = 1
if prev then
  local rev, pgroup, list = string.match(prev, '^(%d+)|([^|]*)|(.*)$')
  revision = tonumber(rev) + 1
  local i = 0
  for c in string.gmatch(list, '[^,]+') do
    -- Never negate a zero: Lua's -0 reaches Redis as "-0", which HINCRBY refuses as not an integer.
    local n = tonumber(c)
    if n ~= 0 then
      redis.call('HINCRBY', KEYS[3], 'o:' .. i, -n)
      redis.call('HINCRBY', KEYS[3], 'g:' .. pgroup .. ':' .. i, -n)
    end
    i = i + 1
  end
else
  redis.call('HINCRBY', KEYS[3], 'n', 1)
  redis.call('HINCRBY', KEYS[3], 'g:' .. group .. ':n', 1)
end
local counts = {}
for i = 4, #ARGV do
  redis.call('HINCRBY', KEYS[3], 'o:' .. (i - 4), tonumber(ARGV[i]))
  redis.call('HINCRBY', KEYS[3], 'g:' .. group .. ':' .. (i - 4), tonumber(ARGV[i]))
  counts[#counts + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], site, revision .. '|' .. group .. '|' .. table.concat(counts, ','))
return {revision > 1 and 2 or 1, revision}
`;

// KEYS: meta. Answers 1 when this call closed it.
const closeScript = `
if redis.call('HGET', KEYS[1], 'status') == 'open' then
  redis.call('HSET', KEYS[1], 'status', 'closed')
  return 1
end
return 0
`;

// The two scripts as commands of every ioredis client (ioredis' typing of `defineCommand`); they
// exist at run time once a VoteTallyStore has defined them on that client.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    lienthongVoteEnter(meta: string, entries: string, tally: string, ...args: (string | number)[]): Result<[number, number], Context>;
    lienthongVoteClose(meta: string): Result<number, Context>;
  }
}

export function parseEntry(raw: string): StoredEntry | null {
  const m = /^(\d+)\|[^|]*\|([\d,]*)$/.exec(raw);
  return m ? { revision: Number(m[1]), counts: m[2]!.split(',').filter(Boolean).map(Number) } : null;
}

export class VoteTallyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('lienthongVoteEnter', { numberOfKeys: 3, lua: enterScript });
    redis.defineCommand('lienthongVoteClose', { numberOfKeys: 1, lua: closeScript });
  }

  private keys(voteId: string) {
    const base = `${this.prefix}:vote:${voteId}`;
    return { meta: `${base}:meta`, entries: `${base}:entries`, tally: `${base}:tally` };
  }

  async open(voteId: string, closesAt: Date): Promise<void> {
    const k = this.keys(voteId);
    await this.redis
      .multi()
      .hset(k.meta, { status: 'open', closesAt: closesAt.getTime() })
      .expire(k.meta, ttlSeconds)
      .hset(k.tally, 'n', 0)
      .expire(k.tally, ttlSeconds)
      .exec();
  }

  async enter(voteId: string, siteId: string, group: string, counts: number[], now: number): Promise<EnterOutcome> {
    const k = this.keys(voteId);
    const [code, revision] = await this.redis.lienthongVoteEnter(k.meta, k.entries, k.tally, siteId, now, group, ...counts);
    if (code === -1) return { kind: 'unknown' };
    if (code === 0) return { kind: 'closed' };
    if (revision === 1) await this.redis.expire(k.entries, ttlSeconds);
    return { kind: code === 2 ? 'corrected' : 'entered', revision };
  }

  /** Closes the vote for entries; true when this call did it. */
  async close(voteId: string): Promise<boolean> {
    return (await this.redis.lienthongVoteClose(this.keys(voteId).meta)) === 1;
  }

  async tally(voteId: string, optionCount: number): Promise<StoredTally> {
    const raw = await this.redis.hgetall(this.keys(voteId).tally);
    const tally: StoredTally = { totals: new Array<number>(optionCount).fill(0), voted: Number(raw.n ?? 0), groups: new Map() };
    for (const [field, value] of Object.entries(raw)) {
      const n = Number(value);
      if (field.startsWith('o:')) {
        const i = Number(field.slice(2));
        if (i < optionCount) tally.totals[i] = n;
      } else if (field.startsWith('g:')) {
        const cut = field.lastIndexOf(':');
        const code = field.slice(2, cut);
        const what = field.slice(cut + 1);
        let group = tally.groups.get(code);
        if (!group) tally.groups.set(code, (group = { voted: 0, counts: new Array<number>(optionCount).fill(0) }));
        if (what === 'n') group.voted = n;
        else if (Number(what) < optionCount) group.counts[Number(what)] = n;
      }
    }
    return tally;
  }

  async entry(voteId: string, siteId: string): Promise<StoredEntry | null> {
    const raw = await this.redis.hget(this.keys(voteId).entries, siteId);
    return raw === null ? null : parseEntry(raw);
  }

  async entries(voteId: string): Promise<Map<string, StoredEntry>> {
    const out = new Map<string, StoredEntry>();
    for (const [siteId, raw] of Object.entries(await this.redis.hgetall(this.keys(voteId).entries))) {
      const entry = parseEntry(raw);
      if (entry) out.set(siteId, entry);
    }
    return out;
  }
}
