/**
 * `npm run -s bench:metrics`: what the control plane's metrics cost at national scale. Prints JSON.
 *   - node commands: MediaNodeHandle.call against an in-process node that answers at once, timed
 *     with the metrics observer and without it (the baseline), interleaved rounds, median of each;
 *   - a scrape: ControlPlaneMetrics.registry.metrics() with 60 nodes x 16 workers connected and 20
 *     live conferences (15,345 sites between them), against a registry holding only prom-client's
 *     process metrics (the baseline).
 * The site reports (15,000 a second) do not touch the metrics at all, so they are not measured here.
 */
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MediaNodeHandle, NodeRegistry } from '../src/fleet/node-registry.js';
import { ControlPlaneMetrics, type LiveState } from '../src/metrics/control-plane-metrics.js';
import { noMetrics } from '../src/metrics/metric-events.js';

const CALLS = Number(process.env.CALLS ?? 20_000);
const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A node whose socket answers every command at once (no I/O: the cost measured is ours). */
function instantNode(nodeId: string, workers: number): MediaNodeHandle {
  const socket = { timeout: () => ({ emitWithAck: async () => ({ ok: true, data: {} }) }) };
  return new MediaNodeHandle(nodeId, '127.0.0.1', [], workers, 600, socket);
}

async function callsPerMs(node: MediaNodeHandle): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await node.call('resumeConsumer', { consumerId: 'c' });
  return CALLS / (performance.now() - started);
}

async function commandCost() {
  const metrics = new ControlPlaneMetrics();
  const observed = instantNode('observed', 1);
  observed.commandObserver = metrics;
  const bare = instantNode('bare', 1);
  bare.commandObserver = noMetrics;
  await callsPerMs(observed); // warm-up
  await callsPerMs(bare);
  const withMetrics: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    withMetrics.push(1000 / (await callsPerMs(observed)));
    baseline.push(1000 / (await callsPerMs(bare)));
  }
  const [m, b] = [median(withMetrics), median(baseline)];
  return { calls: CALLS * ROUNDS, usPerCallWithMetrics: round(m), usPerCallBaseline: round(b), ratio: round(m / b), addedUsPerCall: round(m - b) };
}

async function scrapeCost() {
  const fleet = new NodeRegistry(0);
  for (let n = 0; n < 60; n++) {
    const node = instantNode(`media-${n}`, 16);
    node.workers = node.workers.map((w) => ({ ...w, consumers: 400 + n, routers: 2 }));
    fleet.add(node);
  }
  const rooms = Array.from({ length: 20 }, (_, i) => ({ conferenceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, presentSites: Math.floor(15_345 / 20) }));
  const io = { of: () => ({ sockets: { size: 15_345 } }) };
  const live = { rooms: { list: () => rooms }, fleet, io, hub: { watchers: () => new Map([[rooms[0]!.conferenceId, 2]]) } } satisfies LiveState;
  const metrics = new ControlPlaneMetrics();
  metrics.watch(live);
  // Some history in the histograms, as after a day: every endpoint-like label and command seen.
  for (let i = 0; i < 70; i++) metrics.restRequest(`endpoint.${i}` as never, 200, 0.01);
  for (let i = 0; i < 25; i++) metrics.nodeCommand(`command${i}`, 0.002, null);
  const baseline = new Registry();
  collectDefaultMetrics({ register: baseline });

  const time = async (registry: Registry) => {
    const ms: number[] = [];
    let bytes = 0;
    for (let r = 0; r < 30; r++) {
      const started = performance.now();
      bytes = (await registry.metrics()).length;
      ms.push(performance.now() - started);
    }
    return { ms: median(ms), bytes };
  };
  await time(metrics.registry);
  const [full, bare] = [await time(metrics.registry), await time(baseline)];
  return {
    nodes: 60,
    workersPerNode: 16,
    conferences: rooms.length,
    scrapeMs: round(full.ms),
    scrapeBytes: full.bytes,
    baselineMs: round(bare.ms),
    baselineBytes: bare.bytes,
    ratio: round(full.ms / bare.ms),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

console.log(JSON.stringify({ bench: 'metrics-cost', nodeCommands: await commandCost(), scrape: await scrapeCost() }, null, 2));
