import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { z } from 'zod';
import { planSnapshotSchema, receiverKindSchema, type PlanSnapshot } from '../planner/model.js';
import { CascadePlan } from '../planner/plan.js';
import { StageState } from './stage.js';
import { FencedWriter, type FencedOp, type FenceOf } from './ownership/fenced-writes.js';

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
/** Saves of one value are coalesced: a join storm writes a few times a second, not once per join. */
const coalesceMs = 200;
/** How often a plan's key lifetimes are renewed (well within `ttlSeconds`). */
const ttlRefreshMs = 10 * 60_000;

/** The writes of one save, and what to do when Redis refused them (the fence moved). */
interface SaveWrites {
  ops: FencedOp[];
  /** The value is saved again after a refusal: what the refused writes carried must go with it. */
  refused?: () => void;
}

/**
 * A room's state in Redis, written behind: saves of one conference coalesce for `coalesceMs`, and
 * each write is fenced (see ownership/fenced-writes.ts). Subclasses say what a save writes.
 */
abstract class CoalescedRedisStore<T> implements SnapshotStore<T> {
  private readonly pending = new Map<string, { value: T; timer: NodeJS.Timeout }>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly writer: FencedWriter;

  constructor(
    protected readonly redis: Redis,
    protected readonly logger: Logger,
    /** Key namespace (REDIS_PREFIX), so deployments and test runs sharing a Redis never mix. */
    protected readonly prefix: string,
    protected readonly kind: string,
  ) {
    this.writer = new FencedWriter(redis, prefix);
  }

  abstract load(conferenceId: string): Promise<T | null>;
  /** The writes that record the value's state now. */
  protected abstract writesFor(conferenceId: string, value: T): SaveWrites;
  /** Every key the conference's state occupies. */
  protected abstract keysOf(conferenceId: string): string[];

  fencedBy(fenceOf: FenceOf): void {
    this.writer.fencedBy(fenceOf);
  }

  protected keyOf(conferenceId: string): string {
    return `${this.prefix}:${this.kind}:${conferenceId}`;
  }

  save(conferenceId: string, value: T): void {
    if (this.pending.has(conferenceId)) return;
    const timer = setTimeout(() => this.write(conferenceId), coalesceMs);
    this.pending.set(conferenceId, { value, timer });
  }

  async delete(conferenceId: string): Promise<void> {
    this.discard(conferenceId);
    await this.redis.del(...this.keysOf(conferenceId));
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
    const { ops, refused } = this.writesFor(conferenceId, entry.value);
    const write = this.writer
      .write(conferenceId, ops)
      .then((written) => {
        if (written) return;
        // Refused: another replica owns the conference now, or this one's lease is being renewed
        // under a new fence. Kept for the next try while this replica still holds it.
        if (!this.writer.mayWrite(conferenceId)) return this.logger.warn({ conferenceId }, `${this.kind} not stored: another replica owns the conference`);
        refused?.();
        this.save(conferenceId, entry.value);
      })
      .catch((err: unknown) => {
        refused?.();
        this.logger.error({ conferenceId, err }, `cannot store the ${this.kind}`);
      })
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}

/**
 * One JSON snapshot per conference in Redis, validated by a zod schema on load (a snapshot that
 * does not parse is dropped, and the room starts that part afresh). For small state (a stage).
 */
class RedisSnapshotStore<T> extends CoalescedRedisStore<T> {
  constructor(redis: Redis, logger: Logger, prefix: string, kind: string, private readonly codec: Codec<T>) {
    super(redis, logger, prefix, kind);
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

  protected writesFor(conferenceId: string, value: T): SaveWrites {
    return { ops: [{ op: 'set', key: this.keyOf(conferenceId), value: JSON.stringify(this.codec.snapshot(value)), ttlSeconds }] };
  }

  protected keysOf(conferenceId: string): string[] {
    return [this.keyOf(conferenceId)];
  }
}

const planMetaSchema = z.object({ version: z.literal(2), originSiteId: z.string().min(1), originAncestry: z.array(z.string().min(1)) });
const storedRouterSchema = z.object({ nodeId: z.string().min(1), workerIndex: z.number().int().min(0), parent: z.string().min(1).nullable() });
const storedSiteSchema = z.object({ ancestry: z.array(z.string().min(1)), router: z.string().min(1), kind: receiverKindSchema.optional() });

/**
 * Cascade plans in Redis, one hash field per site and per router: a save writes what changed
 * since the last one (the plan keeps the list), not the whole plan. A national conference's plan
 * is ~2 MB of JSON; written whole five times a second through a join storm, that was most of the
 * owner's Redis traffic and a steady share of its CPU. Only routers hanging from the origin router
 * are stored (a router detached mid-operation is not), like the snapshot before; a plan stored
 * whole by an older version (`version: 1`) still loads and is rewritten field by field.
 */
export class RedisPlanStore extends CoalescedRedisStore<CascadePlan> {
  /** When this replica last wrote each conference's plan identity and key lifetimes. */
  private readonly ttlRefreshedAt = new Map<string, number>();

  constructor(redis: Redis, logger: Logger, prefix = 'lienthong') {
    super(redis, logger, prefix, 'plan');
  }

  private routersKey = (conferenceId: string) => `${this.keyOf(conferenceId)}:routers`;
  private sitesKey = (conferenceId: string) => `${this.keyOf(conferenceId)}:sites`;

  protected keysOf(conferenceId: string): string[] {
    return [this.keyOf(conferenceId), this.routersKey(conferenceId), this.sitesKey(conferenceId)];
  }

  async load(conferenceId: string): Promise<CascadePlan | null> {
    const [meta, routers, sites] = await Promise.all([
      this.redis.get(this.keyOf(conferenceId)),
      this.redis.hgetall(this.routersKey(conferenceId)),
      this.redis.hgetall(this.sitesKey(conferenceId)),
    ]);
    if (!meta) return null;
    try {
      const parsed: unknown = JSON.parse(meta);
      // Stored whole by an older version: everything counts as changed, so the next save rewrites it here.
      if (planSnapshotSchema.safeParse(parsed).success) return CascadePlan.restore(parsed);
      const plan = CascadePlan.restore(snapshotOf(planMetaSchema.parse(parsed), routers, sites));
      plan.takeChanges(); // what was just read is what Redis holds
      return plan;
    } catch (err) {
      this.logger.warn({ conferenceId, err }, 'stored plan is unreadable; starting afresh');
      return null;
    }
  }

  protected writesFor(conferenceId: string, plan: CascadePlan): SaveWrites {
    const changes = plan.takeChanges();
    const [routersKey, sitesKey] = [this.routersKey(conferenceId), this.sitesKey(conferenceId)];
    const ops: FencedOp[] = [];
    for (const key of changes.routers) {
      const r = plan.routers.get(key);
      ops.push(
        r && plan.reachable(key)
          ? { op: 'hset', key: routersKey, field: key, value: JSON.stringify({ nodeId: r.nodeId, workerIndex: r.workerIndex, parent: r.parent }) }
          : { op: 'hdel', key: routersKey, field: key },
      );
    }
    for (const siteId of changes.sites) {
      const placed = plan.sites.get(siteId);
      ops.push(
        placed
          ? { op: 'hset', key: sitesKey, field: siteId, value: JSON.stringify({ ancestry: placed.site.ancestry, router: placed.router, kind: placed.site.kind }) }
          : { op: 'hdel', key: sitesKey, field: siteId },
      );
    }
    // The plan's identity and the keys' lifetimes are written with the first save here and then
    // again every `ttlRefreshMs`, not with each save (a join storm saves five times a second).
    const refreshedAt = this.ttlRefreshedAt.get(conferenceId);
    const now = Date.now();
    if (refreshedAt === undefined || now - refreshedAt >= ttlRefreshMs) {
      const meta = { version: 2, originSiteId: plan.originSiteId, originAncestry: [...plan.originAncestry] } satisfies z.infer<typeof planMetaSchema>;
      ops.push(
        { op: 'set', key: this.keyOf(conferenceId), value: JSON.stringify(meta), ttlSeconds },
        { op: 'expire', key: routersKey, ttlSeconds },
        { op: 'expire', key: sitesKey, ttlSeconds },
      );
      this.ttlRefreshedAt.set(conferenceId, now);
    }
    return {
      ops,
      refused: () => {
        plan.restoreChanges(changes);
        this.ttlRefreshedAt.delete(conferenceId);
      },
    };
  }

  override async delete(conferenceId: string): Promise<void> {
    this.ttlRefreshedAt.delete(conferenceId);
    await super.delete(conferenceId);
  }

  override discard(conferenceId: string): void {
    // Another replica writes it now; if it comes back here, its first save writes everything it must.
    this.ttlRefreshedAt.delete(conferenceId);
    super.discard(conferenceId);
  }
}

/**
 * The stored fields as a snapshot: routers parents first, from the origin router down; a router
 * whose parent is not stored (and the sites on it) is left out, as the whole snapshot did.
 */
function snapshotOf(meta: z.infer<typeof planMetaSchema>, routerFields: Record<string, string>, siteFields: Record<string, string>): PlanSnapshot {
  const routers = Object.entries(routerFields).map(([key, raw]) => ({ key, ...storedRouterSchema.parse(JSON.parse(raw)) }));
  const childrenOf = new Map<string | null, typeof routers>();
  for (const r of routers) childrenOf.set(r.parent, [...(childrenOf.get(r.parent) ?? []), r]);
  const ordered = [...(childrenOf.get(null) ?? []).slice(0, 1)];
  for (let i = 0; i < ordered.length; i++) ordered.push(...(childrenOf.get(ordered[i]!.key) ?? []));
  const kept = new Set(ordered.map((r) => r.key));
  const sites = Object.entries(siteFields)
    .map(([siteId, raw]) => ({ siteId, ...storedSiteSchema.parse(JSON.parse(raw)) }))
    .filter((s) => kept.has(s.router));
  return { version: 1, originSiteId: meta.originSiteId, originAncestry: meta.originAncestry, routers: ordered, sites };
}

/** Stages (floor, hands, mutes, notices) in Redis. */
export class RedisStageStore extends RedisSnapshotStore<StageState> {
  constructor(redis: Redis, logger: Logger, prefix = 'lienthong') {
    super(redis, logger, prefix, 'stage', { snapshot: (stage) => stage.snapshot(), restore: (raw) => StageState.restore(raw) });
  }
}
