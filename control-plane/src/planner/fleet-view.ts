import { routerKey, type FleetNode, type FleetWorker, type PlannerConfig, type RouterKey } from './model.js';
import type { CascadePlan } from './plan.js';

/**
 * The live fleet as one planning step sees it: nodes by locality tag, and how many more sites
 * (or child pipes: they cost the same) each worker can take within its headroom, counting what
 * this plan already put there.
 */
export class FleetView {
  readonly nodes = new Map<string, FleetNode>();
  private readonly byTag = new Map<string, FleetNode[]>();

  constructor(
    fleet: readonly FleetNode[],
    private readonly plan: CascadePlan,
    readonly config: PlannerConfig,
  ) {
    for (const node of [...fleet].sort((a, b) => a.nodeId.localeCompare(b.nodeId))) {
      this.nodes.set(node.nodeId, node);
      for (const tag of node.localityTags) {
        const tagged = this.byTag.get(tag);
        if (tagged) tagged.push(node);
        else this.byTag.set(tag, [node]);
      }
    }
  }

  tagged(tag: string): readonly FleetNode[] {
    return this.byTag.get(tag) ?? [];
  }

  /** Index of the deepest unit in `ancestry` this node is tagged with, or -1. */
  localityDepth(nodeId: string, ancestry: readonly string[]): number {
    const tags = this.nodes.get(nodeId)?.localityTags ?? [];
    for (let i = ancestry.length - 1; i >= 0; i--) if (tags.includes(ancestry[i]!)) return i;
    return -1;
  }

  worker(nodeId: string, index: number): FleetWorker | undefined {
    return this.nodes.get(nodeId)?.workers.find((w) => w.index === index);
  }

  /** The most consumers the planner lets this worker carry in all. */
  limit(w: FleetWorker): number {
    return Math.floor(w.capacity * this.config.headroom);
  }

  /** Sites or child pipes this worker can still take: none while it is hot. */
  freeSlots(nodeId: string, index: number): number {
    const w = this.worker(nodeId, index);
    if (!w || w.hot) return 0;
    const r = this.plan.routers.get(routerKey(nodeId, index));
    const used = r ? (r.sites.size + r.children.size) * this.config.consumersPerSite : 0;
    return Math.floor((this.limit(w) - w.load - used) / this.config.consumersPerSite);
  }

  freeSlotsOf(key: RouterKey): number {
    const r = this.plan.router(key);
    return this.freeSlots(r.nodeId, r.workerIndex);
  }
}
