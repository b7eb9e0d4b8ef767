import { FleetView } from './fleet-view.js';
import {
  defaultPlannerConfig,
  emptyDiff,
  type FleetNode,
  type PlanDiff,
  type PlanSite,
  type RouterKey,
} from './model.js';
import { CascadePlan, type RouterState } from './plan.js';
import { Placer } from './placer.js';

/**
 * The cascade planner: pure functions over a CascadePlan (no I/O, no clock). Each operation
 * changes the plan in place and returns the diff the live layer must apply; incremental ones
 * touch only what they must, and a full re-plan happens only through `replan`.
 */

export interface ConferenceInput {
  originSiteId: string;
  originAncestry: readonly string[];
  sites: readonly PlanSite[];
}

/** A fresh plan for every site at once (origin first, then unit by unit, upper tiers first). */
export function planConference(input: ConferenceInput, fleet: readonly FleetNode[], config = defaultPlannerConfig) {
  const plan = new CascadePlan(input.originSiteId, input.originAncestry);
  const diff = emptyDiff();
  const placer = new Placer(plan, new FleetView(fleet, plan, config), diff);
  placer.ensureRoot();
  for (const site of placementOrder(input.sites, input.originSiteId)) placer.place(site);
  return { plan, diff };
}

/** Places a joining site; one the plan already placed on a live worker stays where it is (a rejoin). */
export function joinSite(plan: CascadePlan, site: PlanSite, fleet: readonly FleetNode[], config = defaultPlannerConfig): PlanDiff {
  const diff = emptyDiff();
  const view = new FleetView(fleet, plan, config);
  const current = plan.sites.get(site.siteId)?.router;
  if (current) {
    const { nodeId, workerIndex } = plan.router(current);
    if (view.worker(nodeId, workerIndex)) {
      diff.placed.push({ siteId: site.siteId, router: current });
      return diff;
    }
  }
  const before = plan.removeSite(site.siteId);
  const placer = new Placer(plan, view, diff);
  const to = placer.place(site);
  if (before && before !== to) {
    diff.moved.push({ siteId: site.siteId, from: before, to });
    prune(plan, before, diff);
  }
  return diff;
}

export function leaveSite(plan: CascadePlan, siteId: string): PlanDiff {
  const diff = emptyDiff();
  const from = plan.removeSite(siteId);
  if (from) {
    diff.removedSites.push(siteId);
    prune(plan, from, diff);
  }
  return diff;
}

/** A node is gone: its routers go, their sites are re-placed, orphaned subtrees hang elsewhere. */
export function loseNode(plan: CascadePlan, nodeId: string, fleet: readonly FleetNode[], config = defaultPlannerConfig): PlanDiff {
  return loseRouters(
    plan,
    (r) => r.nodeId === nodeId,
    fleet.filter((n) => n.nodeId !== nodeId),
    config,
  );
}

/** Some routers are gone (a node died, or one worker restarted empty). */
export function loseRouters(
  plan: CascadePlan,
  isLost: (r: RouterState) => boolean,
  fleet: readonly FleetNode[],
  config = defaultPlannerConfig,
): PlanDiff {
  const diff = emptyDiff();
  const lost = [...plan.routers.values()].filter(isLost);
  if (!lost.length) return diff;
  const lostKeys = new Set(lost.map((r) => r.key));
  const orphans = lost.flatMap((r) => [...r.children].filter((c) => !lostKeys.has(c)));
  for (const o of orphans) {
    diff.pipesRemoved.push({ parent: plan.router(o).parent!, child: o });
    plan.detach(o);
  }
  const displaced = lost.flatMap((r) => teardown(plan, r.key, diff));

  const placer = new Placer(plan, new FleetView(fleet, plan, config), diff);
  placer.ensureRoot();
  for (const o of orphans.sort((a, b) => plan.router(a).depth - plan.router(b).depth || a.localeCompare(b))) {
    if (!placer.reattach(o)) displaced.push(...teardown(plan, o, diff));
  }
  const fromOf = new Map(displaced.map((d) => [d.site.siteId, d.from]));
  for (const site of placementOrder(displaced.map((d) => d.site), plan.originSiteId)) {
    diff.moved.push({ siteId: site.siteId, from: fromOf.get(site.siteId)!, to: placer.place(site) });
  }
  return diff;
}

/** A full re-plan of the same sites on the given fleet, with the diff from the current plan. */
export function replan(plan: CascadePlan, fleet: readonly FleetNode[], config = defaultPlannerConfig) {
  const fresh = planConference(
    { originSiteId: plan.originSiteId, originAncestry: plan.originAncestry, sites: [...plan.sites.values()].map((p) => p.site) },
    fleet,
    config,
  );
  return { plan: fresh.plan, diff: diffPlans(plan, fresh.plan, fresh.diff.unplaced) };
}

function diffPlans(before: CascadePlan, after: CascadePlan, unplaced: string[]): PlanDiff {
  const diff = emptyDiff();
  diff.unplaced = unplaced;
  const edges = (p: CascadePlan) =>
    new Map([...p.routers.values()].filter((r) => r.parent).map((r) => [`${r.parent}>${r.key}`, { parent: r.parent!, child: r.key }]));
  const [e0, e1] = [edges(before), edges(after)];
  diff.pipesRemoved = [...e0].filter(([k]) => !e1.has(k)).map(([, e]) => e);
  diff.pipesAdded = [...e1].filter(([k]) => !e0.has(k)).map(([, e]) => e);
  const strip = (r: RouterState) => ({ key: r.key, nodeId: r.nodeId, workerIndex: r.workerIndex, parent: r.parent });
  diff.routersRemoved = [...before.routers.values()].filter((r) => !after.routers.has(r.key)).map(strip);
  diff.routersAdded = [...after.routers.values()].filter((r) => !before.routers.has(r.key)).map(strip);
  for (const [siteId, { router }] of after.sites) {
    const was = before.sites.get(siteId)?.router;
    if (was !== router) diff.moved.push({ siteId, from: was ?? router, to: router });
    diff.placed.push({ siteId, router });
  }
  return diff;
}

/** Removes a router and everything below it; returns the sites it served. */
function teardown(plan: CascadePlan, key: RouterKey, diff: PlanDiff) {
  if (!plan.routers.has(key)) return [];
  const keys = plan.subtree(key).reverse(); // children first
  const out: { site: PlanSite; from: RouterKey }[] = [];
  for (const k of keys) {
    for (const siteId of [...plan.router(k).sites]) {
      out.push({ site: plan.sites.get(siteId)!.site, from: k });
      plan.removeSite(siteId);
    }
    const removed = plan.removeRouter(k);
    diff.routersRemoved.push(removed);
    if (removed.parent) diff.pipesRemoved.push({ parent: removed.parent, child: k });
  }
  return out;
}

/** Drops routers left with no site and no child, walking up towards the origin router. */
function prune(plan: CascadePlan, key: RouterKey, diff: PlanDiff): void {
  for (let k: RouterKey | null = key; k && k !== plan.root && plan.routers.has(k); ) {
    const r = plan.router(k);
    if (r.sites.size || r.children.size) return;
    const removed = plan.removeRouter(k);
    diff.routersRemoved.push(removed);
    if (removed.parent) diff.pipesRemoved.push({ parent: removed.parent, child: k });
    k = removed.parent;
  }
}

function placementOrder(sites: readonly PlanSite[], originSiteId: string): PlanSite[] {
  const path = (s: PlanSite) => s.ancestry.join('/');
  return [...sites].sort(
    (a, b) =>
      Number(b.siteId === originSiteId) - Number(a.siteId === originSiteId) ||
      a.ancestry.length - b.ancestry.length ||
      (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0) ||
      (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0),
  );
}
