// Refresh tokens: opaque random strings, stored hashed in Redis (shared by every replica). Each
// works once: using it rotates it (a new one in the same family). A used one presented again means
// it was copied, so the whole family (the session) ends. A token unused for the idle timeout (a
// working day by default) is gone; a raised token version (logout, password reset) ends it too.
// Except for a few seconds after it was used: two tabs of one browser holding the same session
// may trade it at the same instant where they cannot take turns (no Web Locks outside a secure
// context). The late one is told REFRESH_RACED, the session stands, and that tab takes the new
// pair from the tab that won (session-peers). A thief who copied the token gets nothing either.
import { LienthongError } from '@lienthong/contracts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const entrySchema = z.object({ personId: z.string(), family: z.string(), version: z.number().int() });
export type RefreshEntry = z.infer<typeof entrySchema>;

// Takes the token's entry and marks it used (remembering its family, for reuse detection, and
// when, for the race window), atomically: of two concurrent uses, one wins and the other is a reuse.
const TAKE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], cjson.decode(raw)['family'], 'EX', ARGV[1])
redis.call('SET', KEYS[3], '1', 'EX', ARGV[2])
return raw`;

export class RefreshTokens {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly idleSeconds: number,
    /** How long a just-used token presented again is a race between tabs, not a copy. */
    private readonly raceSeconds = 10,
  ) {}

  private hash = (token: string) => createHash('sha256').update(token).digest('base64url');
  private live = (hash: string) => `${this.prefix}:refresh:${hash}`;
  private used = (hash: string) => `${this.prefix}:refresh-used:${hash}`;
  private revoked = (family: string) => `${this.prefix}:refresh-revoked:${family}`;
  private justUsed = (hash: string) => `${this.prefix}:refresh-just-used:${hash}`;

  /** A new session's first refresh token (or the next one of `family`). */
  async issue(personId: string, version: number, family: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const entry: RefreshEntry = { personId, family, version };
    await this.redis.set(this.live(this.hash(token)), JSON.stringify(entry), 'EX', this.idleSeconds);
    return token;
  }

  /** Uses a refresh token: its entry, now spent. A reused token ends its family and fails. */
  async use(token: string): Promise<RefreshEntry> {
    const hash = this.hash(token);
    const raw = (await this.redis.eval(TAKE, 3, this.live(hash), this.used(hash), this.justUsed(hash), this.idleSeconds, this.raceSeconds)) as string | null;
    if (raw === null) {
      const [family, racing] = await Promise.all([this.redis.get(this.used(hash)), this.redis.exists(this.justUsed(hash))]);
      if (family && racing) throw new LienthongError('REFRESH_RACED');
      if (family) {
        await this.redis.set(this.revoked(family), '1', 'EX', this.idleSeconds);
        throw new LienthongError('UNAUTHENTICATED', 'This refresh token was already used: the session has ended, sign in again');
      }
      throw new LienthongError('UNAUTHENTICATED', 'The refresh token is unknown or has expired: sign in again');
    }
    const entry = entrySchema.parse(JSON.parse(raw));
    if (await this.redis.exists(this.revoked(entry.family))) throw new LienthongError('UNAUTHENTICATED', 'The session has ended: sign in again');
    return entry;
  }

  /** Ends the session a refresh token belongs to (logout); unknown tokens are ignored. */
  async revoke(token: string): Promise<RefreshEntry | null> {
    const hash = this.hash(token);
    const raw = await this.redis.get(this.live(hash));
    if (raw === null) return null;
    const entry = entrySchema.parse(JSON.parse(raw));
    await Promise.all([this.redis.del(this.live(hash)), this.redis.set(this.revoked(entry.family), '1', 'EX', this.idleSeconds)]);
    return entry;
  }
}
