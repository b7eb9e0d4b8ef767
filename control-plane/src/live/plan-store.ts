import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { CascadePlan } from '../planner/plan.js';

/** Where live plans are kept so a control-plane restart resumes them instead of planning from zero. */
export interface PlanStore {
  load(conferenceId: string): Promise<CascadePlan | null>;
  /** Records the plan's current state (soon, not necessarily before returning). */
  save(conferenceId: string, plan: CascadePlan): void;
  delete(conferenceId: string): Promise<void>;
  /** Writes whatever is pending. */
  flush(): Promise<void>;
}

/** A plan nobody touched for a day belongs to a conference long over. */
const ttlSeconds = 24 * 3600;
/** Saves of one plan are coalesced: a join storm writes a few snapshots a second, not one per join. */
const coalesceMs = 200;

/**
 * Plans in Redis, one JSON snapshot per conference, validated by the plan's zod schema on load (a
 * snapshot that does not parse is dropped and the conference re-planned).
 */
export class RedisPlanStore implements PlanStore {
  private readonly pending = new Map<string, { plan: CascadePlan; timer: NodeJS.Timeout }>();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    /** Key namespace (REDIS_PREFIX), so deployments and test runs sharing a Redis never mix plans. */
    private readonly prefix = 'lienthong',
  ) {}

  private keyOf(conferenceId: string): string {
    return `${this.prefix}:plan:${conferenceId}`;
  }

  async load(conferenceId: string): Promise<CascadePlan | null> {
    const raw = await this.redis.get(this.keyOf(conferenceId));
    if (!raw) return null;
    try {
      return CascadePlan.restore(JSON.parse(raw));
    } catch (err) {
      this.logger.warn({ conferenceId, err }, 'stored plan is unreadable; planning afresh');
      return null;
    }
  }

  save(conferenceId: string, plan: CascadePlan): void {
    if (this.pending.has(conferenceId)) return;
    const timer = setTimeout(() => this.write(conferenceId), coalesceMs);
    this.pending.set(conferenceId, { plan, timer });
  }

  async delete(conferenceId: string): Promise<void> {
    clearTimeout(this.pending.get(conferenceId)?.timer);
    this.pending.delete(conferenceId);
    await this.redis.del(this.keyOf(conferenceId));
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
    const write = this.redis
      .set(this.keyOf(conferenceId), JSON.stringify(entry.plan.snapshot()), 'EX', ttlSeconds)
      .catch((err: unknown) => this.logger.error({ conferenceId, err }, 'cannot store the plan'))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}
