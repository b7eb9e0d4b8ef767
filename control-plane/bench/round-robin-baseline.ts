import type { FleetNode, PlanSite } from '../src/planner/model.js';

/**
 * The benchmark's baseline: what a planner-less deployment does. Sites go to workers in turn
 * (skipping full ones), every router hangs straight off the origin's (a star, no locality, no
 * fan-out bound); a lost node's sites are dealt round the survivors the same way.
 */
export class RoundRobinBaseline {
  private readonly slots: { key: string; nodeId: string; free: number }[] = [];
  private next = 0;
  readonly placement = new Map<string, string>();

  constructor(fleet: readonly FleetNode[], headroom: number, consumersPerSite: number) {
    for (const n of fleet)
      for (const w of n.workers)
        this.slots.push({ key: `${n.nodeId}/${w.index}`, nodeId: n.nodeId, free: Math.floor((w.capacity * headroom - w.load) / consumersPerSite) });
  }

  join(site: PlanSite): string | null {
    for (let tries = 0; tries < this.slots.length; tries++) {
      const slot = this.slots[this.next]!;
      this.next = (this.next + 1) % this.slots.length;
      if (slot.free < 1) continue;
      slot.free -= 1;
      this.placement.set(site.siteId, slot.key);
      return slot.key;
    }
    return null;
  }

  leave(siteId: string): void {
    const key = this.placement.get(siteId);
    if (!key) return;
    this.placement.delete(siteId);
    this.slots.find((s) => s.key === key)!.free += 1;
  }

  loseNode(nodeId: string, sites: ReadonlyMap<string, PlanSite>): number {
    const lost = [...this.placement].filter(([, key]) => key.startsWith(`${nodeId}/`)).map(([siteId]) => siteId);
    for (const s of this.slots) if (s.nodeId === nodeId) s.free = 0;
    for (const siteId of lost) {
      this.placement.delete(siteId);
      this.join(sites.get(siteId)!);
    }
    return lost.length;
  }

  /** Routers the star needs: one per used worker; pipes: all but the origin's. */
  routers(): number {
    return new Set(this.placement.values()).size;
  }
}
