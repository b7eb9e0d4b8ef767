/**
 * Planner benchmark (issue 5): plan 15,345 sites on 60 simulated nodes x 16 workers, then time
 * incremental joins, leaves and node losses; the round-robin baseline runs the same events in the
 * same process, and every figure comes with its ratio to it. Prints one JSON document.
 *
 *   npm run -s bench:planner            (BENCH_ROUNDS=5 by default)
 */
import { performance } from 'node:perf_hooks';
import { localityMisses, planViolations } from '../src/planner/invariants.js';
import { defaultPlannerConfig, type PlanSite } from '../src/planner/model.js';
import { CascadePlan } from '../src/planner/plan.js';
import { joinSite, leaveSite, loseNode, planConference } from '../src/planner/planner.js';
import { nationalShape, syntheticFleet, syntheticSites } from '../test/support/synthetic-fleet.js';
import { RoundRobinBaseline } from './round-robin-baseline.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const config = defaultPlannerConfig;
const fleet = syntheticFleet(nationalShape.fleet);
const allSites = syntheticSites(nationalShape.sites);
// The plan holds 15,345 sites; 500 more join during the event benchmark.
const extra = syntheticSites({ ...nationalShape.sites, communesPerDistrict: 23, totalSites: undefined })
  .filter((s) => !allSites.some((a) => a.siteId === s.siteId))
  .slice(0, 500);
const origin = allSites[0]!;
const input = { originSiteId: origin.siteId, originAncestry: origin.ancestry, sites: allSites };
const byId = new Map([...allSites, ...extra].map((s) => [s.siteId, s]));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}
const baselineFor = (sites: PlanSite[]) => {
  const b = new RoundRobinBaseline(fleet, config.headroom, config.consumersPerSite);
  for (const s of sites) b.join(s);
  return b;
};

// Full plan.
const fullPlan: number[] = [];
const fullBase: number[] = [];
let plan!: CascadePlan;
for (let i = 0; i < rounds; i++) {
  const [res, ms] = time(() => planConference(input, fleet, config));
  plan = res.plan;
  fullPlan.push(ms);
  fullBase.push(time(() => baselineFor(allSites))[1]);
}
const snapshot = plan.snapshot();
const baseline = baselineFor(allSites);

// Incremental events, per event.
const perEvent = (total: number, n: number) => total / n;
const [, joinMs] = time(() => extra.forEach((s) => joinSite(plan, s, fleet, config)));
const [, joinBaseMs] = time(() => extra.forEach((s) => baseline.join(s)));
const [, leaveMs] = time(() => extra.forEach((s) => leaveSite(plan, s.siteId)));
const [, leaveBaseMs] = time(() => extra.forEach((s) => baseline.leave(s.siteId)));

// Node loss: each province node in turn on a fresh copy of the plan.
const lossMs: number[] = [];
const lossBaseMs: number[] = [];
const moved: number[] = [];
const lossViolations: string[] = [];
for (const lost of fleet.filter((n) => n.nodeId.startsWith('prov-')).slice(0, 10)) {
  const copy = CascadePlan.restore(snapshot);
  const live = fleet.filter((n) => n.nodeId !== lost.nodeId);
  const [diff, ms] = time(() => loseNode(copy, lost.nodeId, live, config));
  lossMs.push(ms);
  moved.push(diff.moved.length);
  lossViolations.push(...planViolations(copy, live, config));
  const b = baselineFor(allSites);
  lossBaseMs.push(time(() => b.loseNode(lost.nodeId, byId))[1]);
}

const routers = [...plan.routers.values()];
const result = {
  benchmark: 'cascade-planner',
  machine: { node: process.version, rounds },
  scale: { sites: allSites.length, nodes: fleet.length, workersPerNode: nationalShape.fleet.workersPerNode, config },
  fullPlan: {
    ms: round3(median(fullPlan)),
    baselineMs: round3(median(fullBase)),
    ratio: round3(median(fullPlan) / median(fullBase)),
    targetMs: 1000,
    placed: plan.sites.size,
    routers: routers.length,
    pipes: routers.filter((r) => r.parent).length,
    maxHops: Math.max(...routers.map((r) => r.depth)),
    maxFanOut: Math.max(...routers.map((r) => r.children.size)),
    localityMisses: localityMisses(plan, fleet, allSites).length,
    violations: planViolations(plan, fleet, config).length,
    baseline: {
      placed: baseline.placement.size,
      routers: baseline.routers(),
      pipes: baseline.routers() - 1,
      originFanOut: baseline.routers() - 1,
      localityMisses: [...baseline.placement].filter(([siteId, key]) => {
        const node = fleet.find((n) => key.startsWith(`${n.nodeId}/`))!;
        const wanted = [...byId.get(siteId)!.ancestry].reverse().find((c) => fleet.some((f) => f.localityTags.includes(c)));
        return wanted !== undefined && !node.localityTags.includes(wanted);
      }).length,
    },
  },
  events: {
    targetMsEach: 10,
    join: { msEach: round3(perEvent(joinMs, extra.length)), baselineMsEach: round3(perEvent(joinBaseMs, extra.length)), ratio: round3(joinMs / joinBaseMs), events: extra.length },
    leave: { msEach: round3(perEvent(leaveMs, extra.length)), baselineMsEach: round3(perEvent(leaveBaseMs, extra.length)), ratio: round3(leaveMs / leaveBaseMs), events: extra.length },
    nodeLoss: {
      msEach: round3(median(lossMs)),
      maxMs: round3(Math.max(...lossMs)),
      baselineMsEach: round3(median(lossBaseMs)),
      ratio: round3(median(lossMs) / median(lossBaseMs)),
      events: lossMs.length,
      sitesMovedMedian: median(moved),
      violations: lossViolations.length,
    },
  },
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
