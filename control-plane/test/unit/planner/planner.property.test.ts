import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localityMisses, planViolations } from '../../../src/planner/invariants.js';
import { plannerConfigSchema, type FleetNode, type PlanDiff, type PlannerConfig, type PlanSite } from '../../../src/planner/model.js';
import type { CascadePlan } from '../../../src/planner/plan.js';
import { joinSite, leaveSite, loseNode, planConference } from '../../../src/planner/planner.js';
import { syntheticSites } from '../../support/synthetic-fleet.js';

/** Random small organisation trees, fleets tagged with random units, and planner bounds. */
const world = (ample: boolean) =>
  fc
    .record({
      provinces: fc.integer({ min: 1, max: 4 }),
      districtsPerProvince: fc.integer({ min: 0, max: 3 }),
      communesPerDistrict: fc.integer({ min: 0, max: 4 }),
    })
    .chain((shape) => {
      const sites = syntheticSites(shape);
      const codes = [...new Set(sites.flatMap((s) => s.ancestry))];
      const worker: fc.Arbitrary<{ capacity: number; load: number; hot: boolean }> = ample
        ? fc.record({ capacity: fc.constant(10_000), load: fc.constant(0), hot: fc.constant(false) })
        : fc.record({
            capacity: fc.integer({ min: 0, max: 40 }),
            load: fc.integer({ min: 0, max: 10 }),
            hot: fc.constantFrom(false, false, true),
          });
      const nodeArb = fc.record({
        localityTags: fc.subarray(codes, { maxLength: Math.min(3, codes.length) }),
        workers: fc.array(worker, { minLength: 1, maxLength: 3 }),
      });
      return fc.record({
        sites: fc.constant(sites),
        fleet: fc.array(nodeArb, { minLength: 1, maxLength: 6 }).map((nodes) =>
          nodes.map(
            (n, i): FleetNode => ({
              nodeId: `n${i}`,
              localityTags: n.localityTags,
              workers: n.workers.map((w, index) => ({ index, ...w })),
            }),
          ),
        ),
        config: fc
          .record({
            maxHops: fc.integer({ min: 1, max: 4 }),
            // Ample worlds let the origin router feed every worker, so everyone fits.
            maxFanOut: ample ? fc.constant(64) : fc.integer({ min: 1, max: 4 }),
            headroom: fc.constantFrom(0.8, 1),
            consumersPerSite: fc.constantFrom(1, 2),
            pipeReserve: fc.integer({ min: 0, max: 3 }),
          })
          .map((c) => plannerConfigSchema.parse(c)),
      });
    });

type Op = { kind: 'join' | 'leave'; pick: number } | { kind: 'lose'; pick: number };
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant<'join'>('join'), pick: fc.nat() }),
    fc.record({ kind: fc.constant<'leave'>('leave'), pick: fc.nat() }),
    fc.record({ kind: fc.constant<'lose'>('lose'), pick: fc.nat() }),
  ),
  { maxLength: 25 },
);

const edges = (plan: CascadePlan) =>
  new Set([...plan.routers.values()].filter((r) => r.parent).map((r) => `${r.parent}>${r.key}`));

/** The diff is exactly what changed: old pipes minus removed plus added are the new pipes. */
function expectDiffMatches(before: Set<string>, diff: PlanDiff, plan: CascadePlan) {
  const applied = new Set(before);
  for (const p of diff.pipesRemoved) applied.delete(`${p.parent}>${p.child}`);
  for (const p of diff.pipesAdded) applied.add(`${p.parent}>${p.child}`);
  expect([...applied].sort()).toEqual([...edges(plan)].sort());
}

function run(
  input: { sites: PlanSite[]; fleet: FleetNode[]; config: PlannerConfig },
  script: Op[],
  check: (plan: CascadePlan, fleet: FleetNode[], present: PlanSite[]) => void,
) {
  const origin = input.sites[0]!;
  const present = new Map(input.sites.slice(0, Math.ceil(input.sites.length / 2)).map((s) => [s.siteId, s]));
  let fleet = input.fleet;
  const { plan } = planConference(
    { originSiteId: origin.siteId, originAncestry: origin.ancestry, sites: [...present.values()] },
    fleet,
    input.config,
  );
  check(plan, fleet, [...present.values()]);
  for (const op of script) {
    const before = edges(plan);
    let diff: PlanDiff;
    if (op.kind === 'join') {
      const s = input.sites[op.pick % input.sites.length]!;
      present.set(s.siteId, s);
      diff = joinSite(plan, s, fleet, input.config);
    } else if (op.kind === 'leave') {
      const s = [...present.values()][op.pick % Math.max(1, present.size)];
      if (!s) continue;
      present.delete(s.siteId);
      diff = leaveSite(plan, s.siteId);
    } else {
      if (fleet.length <= 1) continue;
      const lost = fleet[op.pick % fleet.length]!.nodeId;
      fleet = fleet.filter((n) => n.nodeId !== lost);
      diff = loseNode(plan, lost, fleet, input.config);
    }
    expectDiffMatches(before, diff, plan);
    check(plan, fleet, [...present.values()]);
  }
}

describe('cascade planner properties', () => {
  it('never breaks its bounds: capacity x headroom, hops, fan-out, one tree, nothing on a hot worker; fresh or incremental', () => {
    fc.assert(
      fc.property(world(false), ops, (input, script) =>
        run(input, script, (plan, fleet) => {
          expect(planViolations(plan, fleet, input.config)).toEqual([]);
          // Hot here from the start, so a hot worker can hold nothing the planner put there.
          const hot = new Set(fleet.flatMap((n) => n.workers.filter((w) => w.hot).map((w) => `${n.nodeId}/${w.index}`)));
          expect([...plan.routers.keys()].filter((key) => hot.has(key))).toEqual([]);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('places every site, on its own locality, when capacity allows; fresh or incremental', () => {
    fc.assert(
      fc.property(world(true), ops, (input, script) =>
        run(input, script, (plan, fleet, present) => {
          expect(planViolations(plan, fleet, input.config)).toEqual([]);
          expect(present.filter((s) => !plan.sites.has(s.siteId)).map((s) => s.siteId)).toEqual([]);
          expect(localityMisses(plan, fleet, present)).toEqual([]);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('an incremental plan keeps the same invariants as a fresh plan of the same sites', () => {
    fc.assert(
      fc.property(world(true), ops, (input, script) =>
        run(input, script, (plan, fleet, present) => {
          const fresh = planConference(
            { originSiteId: plan.originSiteId, originAncestry: plan.originAncestry, sites: present },
            fleet,
            input.config,
          ).plan;
          expect(planViolations(fresh, fleet, input.config)).toEqual([]);
          expect(fresh.sites.size).toBe(plan.sites.size);
          expect(localityMisses(fresh, fleet, present)).toEqual(localityMisses(plan, fleet, present));
        }),
      ),
      { numRuns: 200 },
    );
  });
});


