import type { WorkerLoad } from '@lienthong/contracts';
import type { MediaNodeHandle } from '../fleet/node-registry.js';
import type { FleetNode, PlannerConfig } from '../planner/model.js';
import type { CascadePlan } from '../planner/plan.js';

/** Consumers a worker carries loss-free: as its node last measured it, never above what the node registered. */
export function workerCapacity(node: Pick<MediaNodeHandle, 'consumersPerWorker'>, w: WorkerLoad): number {
  return Math.min(node.consumersPerWorker, w.consumerCapacity ?? Infinity);
}

/**
 * The connected nodes as the planner sees them for one conference: each worker's capacity as
 * its node measured it, whether it is hot, and its load as last measured minus what this
 * conference's plan put there (the planner counts its own sites itself; measurements lag a
 * heartbeat behind).
 */
export function fleetInput(nodes: readonly MediaNodeHandle[], plan: CascadePlan, config: PlannerConfig): FleetNode[] {
  return nodes.map((n) => ({
    nodeId: n.nodeId,
    localityTags: n.localityTags,
    workers: n.workers.map((w) => {
      const own = plan.routers.get(`${n.nodeId}/${w.index}`);
      const planned = own ? (own.sites.size + own.children.size) * config.consumersPerSite : 0;
      return { index: w.index, capacity: workerCapacity(n, w), load: Math.max(0, w.consumers - planned), hot: w.cpu >= config.hotCpu };
    }),
  }));
}
