import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { CascadePlan } from '../planner/plan.js';
import { StageState } from './stage.js';
import { FencedWriter, type FenceOf } from './ownership/fenced-writes.js';

/**
 * Where a live room's state is kept (its plan, its stage) so a control-plane restart resumes it
 * instead of starting from zero.
 */
export interface SnapshotStore<T> {
  load(conferenceId: string): Promise<T | null>;
  /** Records the value's current state (soon, not necessarily before returning). */
  save(conferenceId: string, value: T): void;
  delete(conferenceId: string): Promise<void>;
  /** Writes whatever is pending. */
  flush(): Promise<void>;
  /** Forgets a pending save without writing it (the room moved: its new owner writes from now on). */
  discard(conferenceId: string): void;
  /** From now on a conference's saves carry the fence this replica holds for it (see ownership/fenced-writes.ts). */
  fencedBy?(fenceOf: FenceOf): void;
}
export type PlanStore = SnapshotStore<CascadePlan>;
export type StageStore = SnapshotStore<StageState>;

interface Codec<T> {
  snapshot(value: T): unknown;
  /** Throws when the stored data does not parse (it is then dropped). */
  restore(raw: unknown): T;
}

/** State nobody touched for a day belongs to a conference long over. */
const ttlSeconds = 24 * 3600;
/** Saves of one value are coalesced: a join storm writes a few snapshots a second, not one per join. */
const coalesceMs = 200;

/**
 * One JSON snapshot per conference in Redis, validated by a zod schema on load (a snapshot that
 * does not parse is dropped, and the room starts that part afresh).
 */
class RedisSnapshotStore<T> implements SnapshotStore<T> {
  private readonly pending = new Map<string, { value: T; timer: NodeJS.Timeout }>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly writer: FencedWriter;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    /** Key namespace (REDIS_PREFIX), so deployments and test runs sharing a Redis never mix. */
    private readonly prefix: string,
    private readonly kind: string,
    private readonly codec: Codec<T>,
  ) {
    this.writer = new FencedWriter(redis, prefix);
  }

  fencedBy(fenceOf: FenceOf): void {
    this.writer.fencedBy(fenceOf);
  }

  private keyOf(conferenceId: string): string {
    return `${this.prefix}:${this.kind}:${conferenceId}`;
  }

  async load(conferenceId: string): Promise<T | null> {
    const raw = await this.redis.get(this.keyOf(conferenceId));
    if (!raw) return null;
    try {
      return this.codec.restore(JSON.parse(raw));
    } catch (err) {
      this.logger.warn({ conferenceId, err }, `stored ${this.kind} is unreadable; starting afresh`);
      return null;
    }
  }

  save(conferenceId: string, value: T): void {
    if (this.pending.has(conferenceId)) return;
    const timer = setTimeout(() => this.write(conferenceId), coalesceMs);
    this.pending.set(conferenceId, { value, timer });
  }

  async delete(conferenceId: string): Promise<void> {
    this.discard(conferenceId);
    await this.redis.del(this.keyOf(conferenceId));
  }

  discard(conferenceId: string): void {
    clearTimeout(this.pending.get(conferenceId)?.timer);
    this.pending.delete(conferenceId);
  }

  async flush(): Promise<void> {
    for (const [conferenceId, { timer }] of this.pending) {
      clearTimeout(timer);
      this.write(conferenceId);
    }
    await Promise.allSettled([...this.writes]);
  }

  private write(conferenceId: string): void {
    const entry = this.pending.get(conferenceId);
    if (!entry) return;
    this.pending.delete(conferenceId);
    const set = { op: 'set' as const, key: this.keyOf(conferenceId), value: JSON.stringify(this.codec.snapshot(entry.value)), ttlSeconds };
    const write = this.writer
      .write(conferenceId, [set])
      .then((written) => {
        if (written) return;
        // Refused: another replica owns the conference now, or this one's lease is being renewed
        // under a new fence. Kept for the next try while this replica still holds it.
        if (this.writer.mayWrite(conferenceId)) this.save(conferenceId, entry.value);
        else this.logger.warn({ conferenceId }, `${this.kind} not stored: another replica owns the conference`);
      })
      .catch((err: unknown) => this.logger.error({ conferenceId, err }, `cannot store the ${this.kind}`))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}

/** Cascade plans in Redis. */
export class RedisPlanStore extends RedisSnapshotStore<CascadePlan> {
  constructor(redis: Redis, logger: Logger, prefix = 'lienthong') {
    super(redis, logger, prefix, 'plan', { snapshot: (plan) => plan.snapshot(), restore: (raw) => CascadePlan.restore(raw) });
  }
}

/** Stages (floor, hands, mutes, notices) in Redis. */
export class RedisStageStore extends RedisSnapshotStore<StageState> {
  constructor(redis: Redis, logger: Logger, prefix = 'lienthong') {
    super(redis, logger, prefix, 'stage', { snapshot: (stage) => stage.snapshot(), restore: (raw) => StageState.restore(raw) });
  }
}
