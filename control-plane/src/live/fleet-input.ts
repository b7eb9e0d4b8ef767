import type { MediaNodeHandle } from '../fleet/node-registry.js';
import type { FleetNode, PlannerConfig } from '../planner/model.js';
import type { CascadePlan } from '../planner/plan.js';

/**
 * The connected nodes as the planner sees them for one conference: each worker's capacity as
 * its node reported it, and its load as last measured minus what this conference's plan put
 * there (the planner counts its own sites itself; measurements lag a heartbeat behind).
 */
export function fleetInput(nodes: readonly MediaNodeHandle[], plan: CascadePlan, config: PlannerConfig): FleetNode[] {
  return nodes.map((n) => ({
    nodeId: n.nodeId,
    localityTags: n.localityTags,
    workers: n.workers.map((w) => {
      const own = plan.routers.get(`${n.nodeId}/${w.index}`);
      const planned = own ? (own.sites.size + own.children.size) * config.consumersPerSite : 0;
      return { index: w.index, capacity: n.consumersPerWorker, load: Math.max(0, w.consumers - planned) };
    }),
  }));
}
