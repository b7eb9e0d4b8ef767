import { describe, expect, it } from 'vitest';
import { fleetInput, workerCapacity } from '../../../src/live/fleet-input.js';
import { planViolations } from '../../../src/planner/invariants.js';
import { defaultPlannerConfig, type PlanSite } from '../../../src/planner/model.js';
import { CascadePlan } from '../../../src/planner/plan.js';
import { joinSite, planConference } from '../../../src/planner/planner.js';
import { fakeNode } from '../../support/fake-node.js';

/**
 * The planner's input as the control plane builds it from the nodes' registrations and
 * heartbeats: a worker's measured capacity and its CPU decide what it is given.
 */
const hall: PlanSite = { siteId: 's-TW', ancestry: ['TW'] };
const province = (i: number): PlanSite => ({ siteId: `s-HN-${i}`, ancestry: ['TW', 'HN', `HN-${i}`] });
const origin = { originSiteId: hall.siteId, originAncestry: hall.ancestry };
const sites = [hall, ...Array.from({ length: 10 }, (_, i) => province(i))];

function fleet() {
  const central = fakeNode('central', ['TW'], 2);
  const hn = fakeNode('hn', ['HN'], 1);
  return { central, hn, nodes: [central, hn] };
}
const sitesOn = (plan: CascadePlan, nodeId: string) => [...plan.sites.values()].filter((s) => plan.router(s.router).nodeId === nodeId).length;

describe('measured capacity and hot workers in placement', () => {
  it('a worker is worth what its node measured, never more than it registered', () => {
    const { hn } = fleet();
    expect(workerCapacity(hn, hn.workers[0]!)).toBe(600);
    expect(workerCapacity(hn, { ...hn.workers[0]!, consumerCapacity: 120 })).toBe(120);
    expect(workerCapacity(hn, { ...hn.workers[0]!, consumerCapacity: 5000 })).toBe(600);
  });

  it('a node that reports a low capacity gets fewer sites, and the rest go elsewhere', () => {
    const roomy = fleet();
    const before = plan(sites, roomy.nodes);
    expect(sitesOn(before.plan, 'hn')).toBe(10);

    const low = fleet();
    // 10 consumers x 0.8 headroom = 8 = four sites of two consumers.
    low.hn.workers = low.hn.workers.map((w) => ({ ...w, consumerCapacity: 10 }));
    const after = plan(sites, low.nodes);
    expect(sitesOn(after.plan, 'hn')).toBeLessThanOrEqual(4);
    expect(sitesOn(after.plan, 'hn')).toBeGreaterThan(0);
    expect(after.diff.unplaced).toEqual([]);
    expect(planViolations(after.plan, after.input)).toEqual([]);
  });

  it('a worker driven hot keeps its sites and stops receiving placements', () => {
    const { hn, nodes } = fleet();
    const live = plan(sites.slice(0, 4), nodes).plan;
    expect(sitesOn(live, 'hn')).toBe(3);
    hn.workers = hn.workers.map((w) => ({ ...w, consumers: 6, cpu: 0.9 }));
    for (const site of sites.slice(4)) {
      const diff = joinSite(live, site, fleetInput(nodes, live, defaultPlannerConfig));
      expect(diff.placed.map((p) => live.router(p.router).nodeId)).toEqual(['central']);
    }
    expect(sitesOn(live, 'hn')).toBe(3);
    // Cooled down, it takes sites again.
    hn.workers = hn.workers.map((w) => ({ ...w, cpu: 0.5 }));
    const diff = joinSite(live, province(42), fleetInput(nodes, live, defaultPlannerConfig));
    expect(diff.placed.map((p) => live.router(p.router).nodeId)).toEqual(['hn']);
  });
});

/** A fresh plan of these sites on the live nodes, as the room builds its input. */
function plan(wanted: PlanSite[], nodes: ReturnType<typeof fakeNode>[]) {
  const input = fleetInput(nodes, new CascadePlan(origin.originSiteId, origin.originAncestry), defaultPlannerConfig);
  return { ...planConference({ ...origin, sites: wanted }, input), input };
}
