import { safeParseJson } from '@lienthong/contracts';
import { ExecutionError, Redlock, type Lock } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../logger.js';

/**
 * Who owns a live conference's room: one control-plane replica at a time, by a lease in Redis.
 *
 * Mutual exclusion is redlock's (acquire, extend, release of one key). On top of it every owner
 * gets a **fence**: a per-conference counter incremented at each acquisition. The owner stamps its
 * media-node commands with it and the nodes refuse a fence lower than the highest they have seen,
 * so an owner that was paused (GC, SIGSTOP, a starved host) past its lease cannot act after a
 * successor has: the lease decides who may act, the fence makes sure a late one cannot.
 *
 * The owner record ({replica, fence} beside the lock) is what other replicas read to route a
 * room's messages; it counts only while the lock key still holds the value it names.
 */
export interface RoomOwner {
  replicaId: string;
  fence: number;
}

const ownerRecordSchema = z.object({ replicaId: z.string(), fence: z.number().int().positive(), lock: z.string() });

export interface LeaseTiming {
  /** How long a lease lives without renewal: a dead owner's rooms move after at most this. */
  leaseMs: number;
  /** How often the owner renews (well under leaseMs: a renewal may be late on a busy loop). */
  renewMs: number;
}

// 3 s: a dead owner's rooms answer again within about 4 s of its death (the lease runs out, then
// adoption); renewing four times per lease lets a renewal be late on a busy event loop.
export const defaultLeaseTiming: LeaseTiming = { leaseMs: 3000, renewMs: 750 };

/** A conference's lease keys: its redlock lock, its owner record (with the fence), its fence counter. */
export const leaseKey = (prefix: string, kind: 'lock' | 'owner' | 'fence', conferenceId: string) => `${prefix}:room-${kind}:${conferenceId}`;

export class RoomLeases {
  private readonly redlock: Redlock;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly replicaId: string,
    private readonly logger: Logger,
    readonly timing: LeaseTiming = defaultLeaseTiming,
  ) {
    // One Redis: redlock's quorum is that one server; no retries, a taken lease is an answer.
    this.redlock = new Redlock([redis], { retryCount: 0, driftFactor: 0.01 });
    this.redlock.on('error', () => undefined); // a refused acquisition is reported by acquire() itself
  }

  /** Becomes the conference's owner, or answers null when a live replica already is. */
  async acquire(conferenceId: string): Promise<RoomLease | null> {
    const lock = await this.tryLock(conferenceId);
    if (!lock) return null;
    const fence = await this.redis.incr(this.key('fence', conferenceId));
    await this.writeRecord(conferenceId, fence, lock.value);
    this.logger.info({ conferenceId, fence }, 'room lease acquired');
    return new RoomLease(this, conferenceId, fence, lock);
  }

  /** The replica owning the conference now, if any. */
  async ownerOf(conferenceId: string): Promise<RoomOwner | null> {
    const [lockValue, raw] = await this.redis.mget(this.key('lock', conferenceId), this.key('owner', conferenceId));
    if (!lockValue || !raw) return null;
    const record = safeParseJson(ownerRecordSchema, raw);
    // A record left by a previous holder whose lock expired (or not yet written by a new one) names nobody.
    if (!record.success || record.data.lock !== lockValue) return null;
    return { replicaId: record.data.replicaId, fence: record.data.fence };
  }

  /** @internal the lease's renewal: extends the lock and the record together. */
  async renew(conferenceId: string, lock: Lock): Promise<Lock> {
    const extended = await lock.extend(this.timing.leaseMs);
    await this.redis.pexpire(this.key('owner', conferenceId), this.timing.leaseMs);
    return extended;
  }

  /** @internal gives a lease up: the lock goes (the record with it), so another replica may take over at once. */
  async release(conferenceId: string, lock: Lock): Promise<void> {
    await lock.release().catch(() => undefined);
    await this.redis.del(this.key('owner', conferenceId));
  }

  /**
   * @internal after a failed renewal (this process stalled past its lease, or redlock judged the
   * lock too close to expiry to extend): drops the old lock if it is still ours, takes the lease
   * again if it is free and nobody held it meanwhile (the fence moved by exactly one); answers
   * the new lock and fence, or null when another replica owned the room in between.
   */
  async reclaim(conferenceId: string, old: Lock, fence: number): Promise<{ lock: Lock; fence: number } | null> {
    await old.release().catch(() => undefined); // deletes the key only while it holds our value
    const lock = await this.tryLock(conferenceId);
    if (!lock) return null;
    const next = await this.redis.incr(this.key('fence', conferenceId));
    if (next !== fence + 1) {
      await lock.release().catch(() => undefined);
      return null;
    }
    await this.writeRecord(conferenceId, next, lock.value);
    return { lock, fence: next };
  }

  /** The conference's lock, or null when a live holder has it (a taken lease is an answer, not an error). */
  private async tryLock(conferenceId: string): Promise<Lock | null> {
    try {
      return await this.redlock.acquire([this.key('lock', conferenceId)], this.timing.leaseMs);
    } catch (err) {
      if (err instanceof ExecutionError) return null;
      throw err;
    }
  }

  private async writeRecord(conferenceId: string, fence: number, lock: string): Promise<void> {
    const record = JSON.stringify({ replicaId: this.replicaId, fence, lock } satisfies z.infer<typeof ownerRecordSchema>);
    await this.redis.set(this.key('owner', conferenceId), record, 'PX', this.timing.leaseMs);
  }

  private key(kind: 'lock' | 'owner' | 'fence', conferenceId: string): string {
    return leaseKey(this.prefix, kind, conferenceId);
  }
}

/**
 * A held lease. It renews itself every `renewMs`; when a renewal fails (Redis unreachable past the
 * lease, or the lease lapsed while this process stalled and another replica took it) `lost`
 * resolves and the owner must drop the room at once, without touching its media: the successor
 * carries on with it. A lapse nobody else used is healed in place (same room, fence + 1).
 */
export class RoomLease {
  readonly lost: Promise<void>;
  private markLost!: () => void;
  private timer: NodeJS.Timeout | null = null;
  private released = false;
  /** Called with the new fence when a lapse was healed: the owner re-stamps its nodes with it. */
  onFenceChanged: (fence: number) => void = () => {};

  constructor(
    private readonly leases: RoomLeases,
    readonly conferenceId: string,
    private currentFence: number,
    private lock: Lock,
  ) {
    this.lost = new Promise((resolve) => (this.markLost = resolve));
    this.schedule();
  }

  get fence(): number {
    return this.currentFence;
  }

  /** Whether the conference's owner record names this lease's fence now (a write fenced by it may land). */
  async stillHeld(): Promise<boolean> {
    return (await this.leases.ownerOf(this.conferenceId))?.fence === this.currentFence;
  }

  /** Gives the room up on purpose (it closed): another replica may own it at once. */
  async release(): Promise<void> {
    this.stopRenewing();
    await this.leases.release(this.conferenceId, this.lock);
  }

  /** No more automatic renewals (a replica draining away; tests that play a stalled owner). */
  stopRenewing(): void {
    this.released = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One renewal round now, as the timer does it; `lost` resolves if the lease cannot be kept. */
  async renewNow(): Promise<void> {
    try {
      this.lock = await this.leases.renew(this.conferenceId, this.lock);
    } catch {
      const reclaimed = await this.leases.reclaim(this.conferenceId, this.lock, this.currentFence).catch(() => null);
      if (!reclaimed) {
        this.stopRenewing();
        this.markLost();
        return;
      }
      this.lock = reclaimed.lock;
      this.currentFence = reclaimed.fence;
      this.onFenceChanged(reclaimed.fence);
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      if (this.released) return;
      void this.renewNow().then(() => !this.released && this.schedule());
    }, this.leases.timing.renewMs);
    this.timer.unref();
  }
}
