import { FleetView } from './fleet-view.js';
import { defaultPlannerConfig, type FleetNode, type PlanSite } from './model.js';
import type { CascadePlan } from './plan.js';

/**
 * What must hold of any plan, whichever way it was reached (fresh or incremental). Returns the
 * violations found, empty when the plan is sound. Used by the property tests and the benchmark.
 */
export function planViolations(plan: CascadePlan, fleet: readonly FleetNode[], config = defaultPlannerConfig): string[] {
  const out: string[] = [];
  const view = new FleetView(fleet, plan, config);

  // A tree: one root, every router reached from it exactly once, depth = hops.
  const reached = new Set<string>();
  if (plan.routers.size && !plan.root) out.push('routers but no origin router');
  if (plan.root) {
    const stack: [string, number][] = [[plan.root, 0]];
    while (stack.length) {
      const [key, depth] = stack.pop()!;
      if (reached.has(key)) out.push(`cycle or shared child at ${key}`);
      reached.add(key);
      const r = plan.router(key);
      if (r.depth !== depth) out.push(`${key} records depth ${r.depth}, is at ${depth}`);
      if (depth > config.maxHops) out.push(`${key} is ${depth} hops from the origin (max ${config.maxHops})`);
      if (r.children.size > config.maxFanOut) out.push(`${key} feeds ${r.children.size} pipes (max ${config.maxFanOut})`);
      for (const c of r.children) {
        if (plan.router(c).parent !== key) out.push(`${c} is a child of ${key} but names ${plan.router(c).parent}`);
        stack.push([c, depth + 1]);
      }
    }
  }
  for (const key of plan.routers.keys()) if (!reached.has(key)) out.push(`${key} is not connected to the origin router`);

  for (const r of plan.routers.values()) {
    const w = view.worker(r.nodeId, r.workerIndex);
    if (!w) {
      out.push(`${r.key} is on a worker that is not in the fleet`);
      continue;
    }
    const used = (r.sites.size + r.children.size) * config.consumersPerSite + w.load;
    if (used > view.limit(w)) out.push(`${r.key} carries ${used} consumers, over its limit ${view.limit(w)}`);
    // Pipes join routers of different workers by construction (one router per worker per conference).
    for (const c of r.children) if (c === r.key) out.push(`${r.key} pipes to itself`);
  }
  for (const [siteId, { router }] of plan.sites) if (!plan.routers.get(router)?.sites.has(siteId)) out.push(`${siteId} lost its router`);
  return out;
}

/**
 * Sites not on a node of their deepest locality that has tagged nodes, for checks run where
 * the fleet has room for everyone in every locality (then locality must hold for all).
 */
export function localityMisses(plan: CascadePlan, fleet: readonly FleetNode[], sites: Iterable<PlanSite>): string[] {
  const view = new FleetView(fleet, plan, defaultPlannerConfig);
  const misses: string[] = [];
  for (const site of sites) {
    const placed = plan.sites.get(site.siteId);
    if (!placed || site.siteId === plan.originSiteId) continue;
    const wanted = [...site.ancestry].reverse().find((code) => view.tagged(code).length > 0);
    if (wanted === undefined) continue;
    const node = plan.router(placed.router).nodeId;
    if (!view.nodes.get(node)?.localityTags.includes(wanted)) misses.push(`${site.siteId} wants ${wanted}, is on ${node}`);
  }
  return misses;
}
