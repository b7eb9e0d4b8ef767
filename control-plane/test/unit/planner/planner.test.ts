import { describe, expect, it } from 'vitest';
import { planViolations } from '../../../src/planner/invariants.js';
import { defaultPlannerConfig, type FleetNode, type PlanSite } from '../../../src/planner/model.js';
import { CascadePlan } from '../../../src/planner/plan.js';
import { joinSite, leaveSite, loseNode, planConference, replan } from '../../../src/planner/planner.js';

const node = (nodeId: string, localityTags: string[], workers = 1, capacity = 1000, load = 0): FleetNode => ({
  nodeId,
  localityTags,
  workers: Array.from({ length: workers }, (_, index) => ({ index, capacity, load })),
});
const site = (code: string): PlanSite => {
  const parts = code.split('-');
  const ancestry = code === 'TW' ? ['TW'] : ['TW', ...parts.map((_, i) => parts.slice(0, i + 1).join('-'))];
  return { siteId: `s-${code}`, ancestry };
};
const origin = { originSiteId: 's-TW', originAncestry: ['TW'] };
const nodeOf = (plan: CascadePlan, code: string) => plan.router(plan.sites.get(`s-${code}`)!.router).nodeId;

// The three-tier fleet of the integration test: origin, a province node, a district node.
const fleet = [node('central', ['TW'], 2), node('province', ['HN'], 2), node('district', ['HN-BD'], 2)];

describe('planConference', () => {
  it('serves each tier from its own node: origin -> province -> district', () => {
    const { plan, diff } = planConference({ ...origin, sites: ['TW', 'HN', 'HN-BD', 'HN-BD-01', 'DN'].map(site) }, fleet);
    expect(nodeOf(plan, 'TW')).toBe('central');
    expect(nodeOf(plan, 'HN')).toBe('province');
    expect(nodeOf(plan, 'HN-BD')).toBe('district');
    expect(nodeOf(plan, 'HN-BD-01')).toBe('district');
    expect(nodeOf(plan, 'DN')).toBe('central'); // no node serves DN: the nearest tagged ancestor's
    const district = plan.router(plan.sites.get('s-HN-BD-01')!.router);
    expect(plan.pathFromRoot(district.key).map((k) => plan.router(k).nodeId)).toEqual(['central', 'province', 'district']);
    expect(diff.pipesAdded).toHaveLength(2);
    expect(diff.unplaced).toEqual([]);
    expect(planViolations(plan, fleet)).toEqual([]);
  });

  it('opens a second router on another worker when the first is full, and never passes capacity x headroom', () => {
    // 10 consumers x 0.8 = 8 = 4 sites per worker (2 consumers each); the root also pays for its pipes.
    const small = [node('central', ['TW'], 3, 10), node('province', ['HN'], 3, 10)];
    const config = { ...defaultPlannerConfig, pipeReserve: 0 };
    const sites = ['TW', ...Array.from({ length: 9 }, (_, i) => `HN-${i}`)].map(site);
    const { plan, diff } = planConference({ ...origin, sites }, small, config);
    expect(diff.unplaced).toEqual([]);
    const onProvince = [...plan.routers.values()].filter((r) => r.nodeId === 'province');
    expect(onProvince.map((r) => r.sites.size).sort()).toEqual([1, 4, 4]);
    expect(planViolations(plan, small, config)).toEqual([]);
  });

  it('keeps slots on a router for the pipes of the routers below it', () => {
    // One node, two workers of 4 slots: without a reserve the origin router fills with sites and
    // the second worker can never be fed.
    const one = [node('central', ['TW'], 2, 10)];
    const sites = ['TW', 'A', 'B', 'C', 'D'].map(site);
    const { plan, diff } = planConference({ ...origin, sites }, one);
    expect(diff.unplaced).toEqual([]);
    expect(plan.router(plan.root!).children.size).toBe(1);
    expect(planConference({ ...origin, sites }, one, { ...defaultPlannerConfig, pipeReserve: 0 }).diff.unplaced).toEqual(['s-D']);
  });

  it('leaves sites unplaced rather than overloading a worker', () => {
    const tiny = [node('central', ['TW'], 1, 5)]; // 4 consumers: two sites
    const { plan, diff } = planConference({ ...origin, sites: ['TW', 'HN', 'DN'].map(site) }, tiny);
    expect(plan.sites.size).toBe(2);
    expect(diff.unplaced).toEqual(['s-HN']);
  });

  it('keeps within the hop bound, giving up locality if it must', () => {
    const config = { ...defaultPlannerConfig, maxHops: 1 };
    const { plan } = planConference({ ...origin, sites: ['TW', 'HN', 'HN-BD-01'].map(site) }, fleet, config);
    for (const r of plan.routers.values()) expect(r.depth).toBeLessThanOrEqual(1);
    expect(nodeOf(plan, 'HN-BD-01')).toBe('district'); // hangs straight under the origin router
    expect(planViolations(plan, fleet, config)).toEqual([]);
  });

  it('bounds the fan-out of a router by hanging further routers lower', () => {
    const wide = [node('central', ['TW']), ...['A', 'B', 'C', 'D'].map((p) => node(`n-${p}`, [p]))];
    const config = { ...defaultPlannerConfig, maxFanOut: 2 };
    const { plan } = planConference({ ...origin, sites: ['TW', 'A', 'B', 'C', 'D'].map(site) }, wide, config);
    expect(plan.sites.size).toBe(5);
    expect(plan.router(plan.root!).children.size).toBe(2);
    expect(planViolations(plan, wide, config)).toEqual([]);
  });
});

describe('incremental changes', () => {
  const start = () => planConference({ ...origin, sites: ['TW', 'HN', 'HN-BD-01'].map(site) }, fleet).plan;

  it('a join on an existing router adds nothing else', () => {
    const plan = start();
    const diff = joinSite(plan, site('HN-BD-02'), fleet);
    expect(diff.placed).toEqual([{ siteId: 's-HN-BD-02', router: plan.sites.get('s-HN-BD-01')!.router }]);
    expect(diff.routersAdded).toEqual([]);
    expect(diff.pipesAdded).toEqual([]);
  });

  it('a leave prunes routers nobody needs any more, up to but not including the origin', () => {
    const plan = start();
    expect(leaveSite(plan, 's-HN-BD-01').routersRemoved.map((r) => r.nodeId)).toEqual(['district']);
    const diff = leaveSite(plan, 's-HN');
    expect(diff.routersRemoved.map((r) => r.nodeId)).toEqual(['province']);
    expect(diff.pipesRemoved).toHaveLength(1);
    expect([...plan.routers.values()].map((r) => r.nodeId)).toEqual(['central']);
  });

  it('losing the province node re-places its sites and rehangs the district subtree under the origin', () => {
    const plan = start();
    const live = fleet.filter((n) => n.nodeId !== 'province');
    const diff = loseNode(plan, 'province', live);
    expect(diff.moved.map((m) => m.siteId)).toEqual(['s-HN']);
    expect(nodeOf(plan, 'HN')).toBe('central');
    expect(nodeOf(plan, 'HN-BD-01')).toBe('district'); // not moved
    const district = plan.sites.get('s-HN-BD-01')!.router;
    expect(diff.pipesAdded).toEqual([{ parent: plan.root, child: district }]);
    expect(planViolations(plan, live)).toEqual([]);
  });

  it('losing the origin node re-places the hall first and keeps the rest of the tree', () => {
    const two = [node('central-a', ['TW']), node('central-b', ['TW']), node('province', ['HN'])];
    const { plan } = planConference({ ...origin, sites: ['TW', 'HN'].map(site) }, two);
    const lostNode = nodeOf(plan, 'TW');
    const live = two.filter((n) => n.nodeId !== lostNode);
    const diff = loseNode(plan, lostNode, live);
    expect(diff.moved.map((m) => m.siteId)).toEqual(['s-TW']);
    expect(nodeOf(plan, 'TW')).not.toBe(lostNode);
    expect(nodeOf(plan, 'HN')).toBe('province');
    expect(planViolations(plan, live)).toEqual([]);
  });

  it('losing the origin node with no free worker for a new origin router never hangs one orphan under another', () => {
    // Every surviving worker already holds a router; the orphans cannot hang from each other (the
    // one below may be torn down next, taking the new pipe with it), so they go and the tree is
    // rebuilt from a new origin router. The diff, removals first, gives exactly the new pipes.
    const one = [node('central', ['TW']), node('hn', ['HN']), node('hn-bd', ['HN-BD']), node('dn', ['DN'])];
    const { plan } = planConference({ ...origin, sites: ['TW', 'HN', 'HN-BD', 'DN'].map(site) }, one);
    const live = one.filter((n) => n.nodeId !== 'central');
    const before = new Set([...plan.routers.values()].filter((r) => r.parent).map((r) => `${r.parent}>${r.key}`));
    const diff = loseNode(plan, 'central', live);
    const added = diff.pipesAdded.map((p) => `${p.parent}>${p.child}`);
    const removed = diff.pipesRemoved.map((p) => `${p.parent}>${p.child}`);
    for (const p of removed) before.delete(p);
    for (const p of added) before.add(p);
    expect([...before].sort()).toEqual([...plan.routers.values()].filter((r) => r.parent).map((r) => `${r.parent}>${r.key}`).sort());
    expect(planViolations(plan, live)).toEqual([]);
    expect(plan.sites.size).toBe(4);
  });

  it('a full re-plan happens only on request and reports what moved', () => {
    const plan = start();
    const bigger = [...fleet, node('commune', ['HN-BD-01'])];
    expect(joinSite(plan, site('HN-BD-02'), bigger).moved).toEqual([]);
    const { plan: fresh, diff } = replan(plan, bigger);
    expect(diff.moved.map((m) => m.siteId)).toEqual(['s-HN-BD-01']);
    expect(nodeOf(fresh, 'HN-BD-01')).toBe('commune');
  });

  it('survives a snapshot round trip', () => {
    const plan = start();
    const json = JSON.parse(JSON.stringify(plan.snapshot()));
    expect(CascadePlan.restore(json).snapshot()).toEqual(plan.snapshot());
    expect(() => CascadePlan.restore({ ...json, version: 2 })).toThrow();
  });

  it("keeps a console's receiver a viewer through a round trip, and reads one stored under the old `viewer:` name as a viewer", () => {
    const plan = start();
    joinSite(plan, { siteId: 'console-1', ancestry: ['TW', 'HN'], kind: 'viewer' }, fleet);
    const json = JSON.parse(JSON.stringify(plan.snapshot())) as ReturnType<CascadePlan['snapshot']>;
    expect(CascadePlan.restore(json).sites.get('console-1')?.site.kind).toBe('viewer');
    expect(CascadePlan.restore(json).sites.get('s-HN')?.site.kind).toBeUndefined();
    const legacy = { ...json, sites: json.sites.map((s) => (s.siteId === 'console-1' ? { siteId: 'viewer:console-1', ancestry: s.ancestry, router: s.router } : s)) };
    expect(CascadePlan.restore(legacy).sites.get('console-1')).toMatchObject({ site: { siteId: 'console-1', kind: 'viewer' } });
  });
});

describe('CascadePlan.pathBetween', () => {
  it('goes up to the common ancestor and down again', () => {
    const plan = new CascadePlan('o', ['TW']);
    plan.addRouter({ key: 'r', nodeId: 'a', workerIndex: 0, parent: null });
    plan.addRouter({ key: 'p', nodeId: 'b', workerIndex: 0, parent: 'r' });
    plan.addRouter({ key: 'd', nodeId: 'c', workerIndex: 0, parent: 'p' });
    plan.addRouter({ key: 'q', nodeId: 'b', workerIndex: 1, parent: 'r' });
    expect(plan.pathBetween('r', 'd')).toEqual(['r', 'p', 'd']);
    expect(plan.pathBetween('d', 'q')).toEqual(['d', 'p', 'r', 'q']);
    expect(plan.pathBetween('p', 'p')).toEqual(['p']);
    expect(() => plan.reparent('r', 'd')).toThrow(/cycle/);
  });
});

describe('joinSite on a site the plan already holds', () => {
  it('keeps it on its live worker (a rejoin), and moves it when that node is gone from the fleet', () => {
    const { plan } = planConference({ ...origin, sites: ['TW', 'HN'].map(site) }, fleet);
    const router = plan.sites.get('s-HN')!.router;
    expect(joinSite(plan, site('HN'), fleet)).toMatchObject({ placed: [{ siteId: 's-HN', router }], moved: [] });
    const live = fleet.filter((n) => n.nodeId !== 'province');
    const diff = joinSite(plan, site('HN'), live);
    expect(diff.moved).toEqual([{ siteId: 's-HN', from: router, to: plan.sites.get('s-HN')!.router }]);
    expect(nodeOf(plan, 'HN')).toBe('central');
  });
});
