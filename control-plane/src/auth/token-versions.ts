// A person's token version: every access token carries the version current when it was signed,
// and every request compares it with the current one. Logout and a password reset raise it, so
// every older token stops working at once, on every replica. PostgreSQL holds the number; Redis
// caches it, so the check costs one GET per request. A committed raise is also told at once to
// whoever listens (`onRaised`: the console sockets, which every replica cuts without waiting for a sweep).
import { uuidSchema } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';

const cacheSeconds = 3600;
/** Why a token older than its person's version is refused, on every door. */
export const revokedMessage = 'This token was revoked (logout or a new password): sign in again';
// Keeps the larger of the cached and the given version: a request that read the database just
// before a raise committed cannot put the old number back over the new one.
const REMEMBER_MAX = `
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cur) >= tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) return tonumber(cur) end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return tonumber(ARGV[1])`;

export type RaiseListener = (personId: string, version: number) => void;

export class TokenVersions {
  private readonly raiseListeners = new Set<RaiseListener>();

  constructor(
    private readonly redis: Redis,
    private readonly db: Database,
    private readonly prefix: string,
  ) {}

  private key(personId: string) {
    return `${this.prefix}:token-version:${personId}`;
  }

  /** The current version (0 for a person the database does not know: nothing to revoke). */
  async current(personId: string): Promise<number> {
    const cached = await this.redis.get(this.key(personId));
    if (cached !== null) return Number(cached);
    const row = uuidSchema.safeParse(personId).success
      ? await this.db.prisma.person.findUnique({ where: { id: personId }, select: { tokenVersion: true } })
      : null;
    return this.remember(personId, row?.tokenVersion ?? 0);
  }

  /** Whether a token signed at version `ver` still stands (false: a logout or a new password since). */
  async stands(personId: string, ver: number | undefined): Promise<boolean> {
    return (ver ?? 0) >= (await this.current(personId));
  }

  /** Caches a version read from the database (never lowering it). */
  private async remember(personId: string, version: number): Promise<number> {
    return Number(await this.redis.eval(REMEMBER_MAX, 1, this.key(personId), version, cacheSeconds));
  }

  /** A raise has committed: caches it, then tells the listeners (tokens older than `version` are dead). */
  async committed(personId: string, version: number): Promise<void> {
    await this.remember(personId, version);
    for (const listener of this.raiseListeners) listener(personId, version);
  }

  /** Calls `listener` after every raise committed through this instance; answers how to stop. */
  onRaised(listener: RaiseListener): () => void {
    this.raiseListeners.add(listener);
    return () => void this.raiseListeners.delete(listener);
  }

  /** Raises the version in the transaction `tx`; pass the result to `committed` once it has committed. */
  async raise(tx: Prisma.TransactionClient, personId: string): Promise<number> {
    const row = await tx.person.update({ where: { id: personId }, data: { tokenVersion: { increment: 1 } }, select: { tokenVersion: true } });
    return row.tokenVersion;
  }

  /** Raises the version outside any other change (a logout) and refreshes the cache. */
  async revokeAll(personId: string): Promise<void> {
    if (!uuidSchema.safeParse(personId).success) return;
    const version = await this.raise(this.db.prisma, personId).catch(() => null);
    if (version !== null) await this.committed(personId, version);
  }
}
