import type { FleetView } from './fleet-view.js';
import { routerKey, type FleetNode, type PlanDiff, type PlanSite, type RouterKey } from './model.js';
import type { CascadePlan, RouterState } from './plan.js';

/** A set of nodes a site may go to, and which unit of its ancestry they serve (-1: none). */
interface LocalityGroup {
  depth: number;
  nodes: readonly FleetNode[];
}

/**
 * The placement decisions of one planning step, recorded into the plan and the diff:
 * - locality first: a site goes to the nodes tagged with its deepest tagged ancestor unit, then
 *   the next shallower one, and only then to any node;
 * - an existing router of the conference with room before a new one (no new pipe);
 * - a new router hangs under the router of the nearest upper unit (province above district), else
 *   a sibling on the same unit's nodes, else any router, always within the hop and fan-out bounds;
 * - no worker takes more than its capacity times the headroom, and a router that may still feed
 *   children keeps a few slots for their pipes.
 */
export class Placer {
  private readonly fleetWorkers: number;

  constructor(
    private readonly plan: CascadePlan,
    private readonly view: FleetView,
    private readonly diff: PlanDiff,
  ) {
    let workers = 0;
    for (const node of view.nodes.values()) workers += node.workers.length;
    this.fleetWorkers = workers;
  }

  /** Workers with no router of this conference yet: the most children still to come. */
  private get spareWorkers(): number {
    return Math.max(0, this.fleetWorkers - this.plan.routers.size);
  }

  /** Places one site; returns its router, or null (recorded as unplaced) when the fleet is full. */
  place(site: PlanSite): RouterKey | null {
    const root = this.ensureRoot();
    if (root === null) return this.unplaced(site);
    // The hall belongs on the origin router, reserve or not: its media starts there.
    if (site.siteId === this.plan.originSiteId && this.view.freeSlotsOf(root) > 0) return this.put(site, root);
    for (const group of this.groups(site.ancestry)) {
      const key = this.existingRouter(group) ?? this.newRouter(group, site.ancestry);
      if (key) return this.put(site, key);
    }
    return this.unplaced(site);
  }

  /**
   * Hangs an orphaned subtree under a router still reached from the origin router, within the hop
   * bound; false if none can take it (or there is no origin router to hang it from). Another
   * orphan's subtree is no parent: it may be torn down next, taking the new pipe with it.
   */
  reattach(key: RouterKey): boolean {
    const { maxHops, maxFanOut } = this.view.config;
    if (!this.plan.root) return false;
    const connected = new Set(this.plan.subtree(this.plan.root));
    const height = this.plan.height(key);
    let best: RouterState | undefined;
    for (const p of this.plan.routers.values()) {
      if (!connected.has(p.key)) continue;
      if (p.depth + 1 + height > maxHops || p.children.size >= maxFanOut || this.view.freeSlotsOf(p.key) < 1) continue;
      if (!best || p.depth < best.depth || (p.depth === best.depth && p.key < best.key)) best = p;
    }
    if (!best) return false;
    this.plan.reparent(key, best.key);
    this.diff.pipesAdded.push({ parent: best.key, child: key });
    return true;
  }

  /** The origin router: on the origin's locality, created on first need. */
  ensureRoot(): RouterKey | null {
    if (this.plan.root) return this.plan.root;
    for (const group of this.groups(this.plan.originAncestry)) {
      const worker = this.roomiestWorker(group.nodes);
      if (worker) return this.addRouter(worker.nodeId, worker.index, null);
    }
    return null;
  }

  private groups(ancestry: readonly string[]): LocalityGroup[] {
    const groups: LocalityGroup[] = [];
    for (let depth = ancestry.length - 1; depth >= 0; depth--) {
      const nodes = this.view.tagged(ancestry[depth]!);
      if (nodes.length) groups.push({ depth, nodes });
    }
    groups.push({ depth: -1, nodes: [...this.view.nodes.values()] });
    return groups;
  }

  /** The shallowest router of the conference on the group's nodes that has room for a site. */
  private existingRouter(group: LocalityGroup): RouterKey | null {
    let best: RouterState | undefined;
    for (const node of group.nodes) {
      for (const key of this.plan.routersOn(node.nodeId)) {
        const r = this.plan.router(key);
        if (this.view.freeSlotsOf(key) - this.reserveOf(r) < 1) continue;
        if (!best || r.depth < best.depth || (r.depth === best.depth && key < best.key)) best = r;
      }
    }
    return best?.key ?? null;
  }

  /** Slots this router keeps for child pipes: none once it cannot have (or get) more children. */
  private reserveOf(r: RouterState): number {
    const { maxHops, maxFanOut, pipeReserve } = this.view.config;
    return r.depth < maxHops ? Math.max(0, Math.min(pipeReserve, maxFanOut - r.children.size, this.spareWorkers)) : 0;
  }

  private newRouter(group: LocalityGroup, ancestry: readonly string[]): RouterKey | null {
    const worker = this.roomiestWorker(group.nodes);
    if (!worker) return null;
    const parent = this.parentFor(group.depth, ancestry);
    return parent ? this.addRouter(worker.nodeId, worker.index, parent) : null;
  }

  /** Among the group's workers with no router of this conference yet, the one with most room. */
  private roomiestWorker(nodes: readonly FleetNode[]): { nodeId: string; index: number } | null {
    let best: { nodeId: string; index: number; free: number } | null = null;
    for (const node of nodes) {
      for (const w of node.workers) {
        if (this.plan.routers.has(routerKey(node.nodeId, w.index))) continue;
        const free = this.view.freeSlots(node.nodeId, w.index);
        if (free >= 1 && (!best || free > best.free)) best = { nodeId: node.nodeId, index: w.index, free };
      }
    }
    return best;
  }

  private parentFor(localityDepth: number, ancestry: readonly string[]): RouterKey | null {
    const { maxHops, maxFanOut } = this.view.config;
    let best: { key: RouterKey; rank: number[] } | null = null;
    for (const p of this.plan.routers.values()) {
      if (p.parent === null && p.key !== this.plan.root) continue; // an orphan awaiting reattachment
      if (p.depth + 1 > maxHops || p.children.size >= maxFanOut || this.view.freeSlotsOf(p.key) < 1) continue;
      const d = this.view.localityDepth(p.nodeId, ancestry);
      // An upper unit's router first (deepest such), then a sibling on this unit's nodes, then any.
      const kind = localityDepth >= 0 && d >= 0 && d < localityDepth ? 2 : d === localityDepth && d >= 0 ? 1 : 0;
      const rank = [kind, d, -p.depth, this.view.freeSlotsOf(p.key)];
      if (!best || isGreater(rank, best.rank) || (equal(rank, best.rank) && p.key < best.key)) best = { key: p.key, rank };
    }
    return best?.key ?? null;
  }

  private addRouter(nodeId: string, workerIndex: number, parent: RouterKey | null): RouterKey {
    const key = routerKey(nodeId, workerIndex);
    this.plan.addRouter({ key, nodeId, workerIndex, parent });
    this.diff.routersAdded.push({ key, nodeId, workerIndex, parent });
    if (parent) this.diff.pipesAdded.push({ parent, child: key });
    return key;
  }

  private put(site: PlanSite, key: RouterKey): RouterKey {
    this.plan.placeSite(site, key);
    this.diff.placed.push({ siteId: site.siteId, router: key });
    return key;
  }

  private unplaced(site: PlanSite): null {
    this.plan.removeSite(site.siteId);
    this.diff.unplaced.push(site.siteId);
    return null;
  }
}

function isGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}
const equal = (a: number[], b: number[]) => !isGreater(a, b) && !isGreater(b, a);
