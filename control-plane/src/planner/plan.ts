import { planSnapshotSchema, type PlannedRouter, type PlanSite, type PlanSnapshot, type RouterKey } from './model.js';

export interface RouterState extends PlannedRouter {
  depth: number;
  children: Set<RouterKey>;
  sites: Set<string>;
}

/**
 * One conference's distribution tree and site placement, as data: which router (one per node
 * worker) serves which site and which router feeds which. It keeps itself a tree (a router's
 * depth follows its parent's) and knows nothing of capacity or locality: the planner decides,
 * this records.
 */
export class CascadePlan {
  readonly routers = new Map<RouterKey, RouterState>();
  readonly sites = new Map<string, { site: PlanSite; router: RouterKey }>();
  private readonly byNode = new Map<string, Set<RouterKey>>();
  root: RouterKey | null = null;
  /** What changed since the last `takeChanges`: a store writes those entries, not the whole plan. */
  private changedSites = new Set<string>();
  private changedRouters = new Set<RouterKey>();

  constructor(
    readonly originSiteId: string,
    /** The origin site's unit ancestry: where the origin router belongs even before the hall joins. */
    readonly originAncestry: readonly string[],
  ) {}

  router(key: RouterKey): RouterState {
    const r = this.routers.get(key);
    if (!r) throw new Error(`no router ${key} in this plan`);
    return r;
  }

  routersOn(nodeId: string): ReadonlySet<RouterKey> {
    return this.byNode.get(nodeId) ?? new Set();
  }

  addRouter(r: PlannedRouter): RouterState {
    if (this.routers.has(r.key)) throw new Error(`router ${r.key} already planned`);
    const parent = r.parent === null ? null : this.router(r.parent);
    if (!parent && this.root) throw new Error('a plan has one origin router');
    const state: RouterState = { ...r, depth: parent ? parent.depth + 1 : 0, children: new Set(), sites: new Set() };
    this.routers.set(r.key, state);
    parent?.children.add(r.key);
    if (!parent) this.root = r.key;
    let onNode = this.byNode.get(r.nodeId);
    if (!onNode) this.byNode.set(r.nodeId, (onNode = new Set()));
    onNode.add(r.key);
    this.changedRouters.add(r.key);
    return state;
  }

  /** Removes a router with no sites and no children. */
  removeRouter(key: RouterKey): PlannedRouter {
    const r = this.router(key);
    if (r.sites.size || r.children.size) throw new Error(`router ${key} still serves sites or routers`);
    if (r.parent) this.router(r.parent).children.delete(key);
    if (this.root === key) this.root = null;
    this.routers.delete(key);
    this.byNode.get(r.nodeId)?.delete(key);
    this.changedRouters.add(key);
    return { key, nodeId: r.nodeId, workerIndex: r.workerIndex, parent: r.parent };
  }

  /** Hangs a router (and its subtree) under another parent; refuses to make a cycle. */
  reparent(key: RouterKey, parentKey: RouterKey): void {
    const r = this.router(key);
    const parent = this.router(parentKey);
    if (this.subtree(key).includes(parentKey)) throw new Error(`${parentKey} is below ${key}: that would be a cycle`);
    if (r.parent) this.routers.get(r.parent)?.children.delete(key);
    r.parent = parentKey;
    parent.children.add(key);
    this.changedRouters.add(key);
    for (const k of this.subtree(key)) {
      const s = this.router(k);
      s.depth = this.router(s.parent!).depth + 1;
    }
  }

  /** Detaches a router from a parent that is going away; it stays orphaned until reparented or removed. */
  detach(key: RouterKey): void {
    const r = this.router(key);
    if (r.parent) this.routers.get(r.parent)?.children.delete(key);
    r.parent = null;
    this.changedRouters.add(key);
  }

  placeSite(site: PlanSite, key: RouterKey): void {
    this.removeSite(site.siteId);
    this.router(key).sites.add(site.siteId);
    this.sites.set(site.siteId, { site, router: key });
    this.changedSites.add(site.siteId);
  }

  removeSite(siteId: string): RouterKey | undefined {
    const placed = this.sites.get(siteId);
    if (!placed) return undefined;
    this.routers.get(placed.router)?.sites.delete(siteId);
    this.sites.delete(siteId);
    this.changedSites.add(siteId);
    return placed.router;
  }

  /** The router and every router below it, parents before children. */
  subtree(key: RouterKey): RouterKey[] {
    const out = [key];
    for (let i = 0; i < out.length; i++) out.push(...this.router(out[i]!).children);
    return out;
  }

  /** Levels below this router (0 for a leaf). */
  height(key: RouterKey): number {
    const base = this.router(key).depth;
    return Math.max(...this.subtree(key).map((k) => this.router(k).depth)) - base;
  }

  /** Router keys from the origin router down to this one. */
  pathFromRoot(key: RouterKey): RouterKey[] {
    const path: RouterKey[] = [];
    for (let k: RouterKey | null = key; k; k = this.router(k).parent) path.unshift(k);
    return path;
  }

  /** Routers a stream crosses from one router to another: up to their common ancestor, then down. */
  pathBetween(from: RouterKey, to: RouterKey): RouterKey[] {
    const up = this.pathFromRoot(from);
    const down = this.pathFromRoot(to);
    let common = 0;
    while (common < up.length && common < down.length && up[common] === down[common]) common++;
    if (common === 0) throw new Error(`${from} and ${to} are not in one tree`);
    return [...up.slice(common - 1).reverse(), ...down.slice(common)];
  }

  /** The sites and routers changed (added, moved or removed) since the last call. */
  takeChanges(): { sites: string[]; routers: RouterKey[] } {
    const changes = { sites: [...this.changedSites], routers: [...this.changedRouters] };
    this.changedSites = new Set();
    this.changedRouters = new Set();
    return changes;
  }

  /** Changes taken for a write that did not land: they are written with the next. */
  restoreChanges(changes: { sites: readonly string[]; routers: readonly RouterKey[] }): void {
    for (const s of changes.sites) this.changedSites.add(s);
    for (const r of changes.routers) this.changedRouters.add(r);
  }

  /** Whether the router hangs (through its parents) from the origin router: only those are stored. */
  reachable(key: RouterKey): boolean {
    for (let r = this.routers.get(key); r; r = r.parent === null ? undefined : this.routers.get(r.parent)) if (r.key === this.root) return true;
    return false;
  }

  /** The plan as data, in a canonical order (routers parents first, siblings and sites by id): equal plans give equal snapshots. */
  snapshot(): PlanSnapshot {
    const order: RouterKey[] = this.root ? [this.root] : [];
    for (let i = 0; i < order.length; i++) order.push(...[...this.router(order[i]!).children].sort());
    return {
      version: 1,
      originSiteId: this.originSiteId,
      originAncestry: [...this.originAncestry],
      routers: order.map((key) => {
        const { nodeId, workerIndex, parent } = this.router(key);
        return { key, nodeId, workerIndex, parent };
      }),
      sites: [...this.sites.values()]
        .map(({ site, router }) => ({ siteId: site.siteId, ancestry: [...site.ancestry], router, ...(site.kind ? { kind: site.kind } : {}) }))
        .sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0)),
    };
  }

  static restore(raw: unknown): CascadePlan {
    const s = planSnapshotSchema.parse(raw);
    const plan = new CascadePlan(s.originSiteId, s.originAncestry);
    for (const r of s.routers) plan.addRouter(r);
    for (const { router, ...site } of s.sites) plan.placeSite(site, router);
    return plan;
  }
}
