/**
 * `npm run bench:join -w web-viewer`: time from the click on "Vào hội nghị" to the first decoded
 * program frame, over repeated joins, in headless Chromium against the real stack (control plane,
 * two SFU processes). Two kinds of site, interleaved: one served by the hall's own node (node-1,
 * no pipe) as the baseline, and one on node-2 whose program crosses the PipeTransport. Prints one
 * JSON object: p50/p95 per kind, their ratio, and each join broken down (signalling, ICE/DTLS,
 * consumer resume, keyframe request, keyframe arrival, decode: first-frame/breakdown.ts) from the
 * page's join marks and the nodes' keyframe trace. `JOINS` (default 10) sets the repetitions.
 * Each kind's first join is reported apart ("cold": it creates the router, and the pipe).
 * `NODE_DEATHS` (default 0): then, that many times, a site on node-2 is playing when node-2 is
 * killed (SIGKILL); the time from the kill to its first frame on node-1 is reported, and node-2
 * is started again for the next round. `RTC_PORT_BASE` (default 15800): 200 RTC ports from there.
 * `RESIDENT_SITE=1`: a second node-2 site stays joined, so the measured pipe joins find the pipe
 * warm. `COMPARE_ENV`: the same run on a stack whose nodes get those variables first (A/B).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { KeyframeTraceLine } from '../../sfu/src/media/keyframe-trace.js';
import { launchChromium } from '@lienthong/testing/browser';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, siteState } from '@lienthong/testing/site-page';
import { operatorApi } from '../../infra/local/operator-api.js';
import { startMediaNode, type MediaNodeSpec } from '../../infra/local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { breakDown, summarize, type FirstFrameBreakdown, type JoinTimes } from './first-frame/breakdown.js';

const joins = Number(process.env.JOINS ?? 10);
const nodeDeaths = Number(process.env.NODE_DEATHS ?? 0);
const portBase = Number(process.env.RTC_PORT_BASE ?? 15800);
const resident = process.env.RESIDENT_SITE === '1';

/** Opens a join link in a fresh context and waits for the device check. */
async function readyPage(browser: Browser, joinUrl: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(joinUrl);
  await waitFor('the device check', async () => ((await siteState(page)) === 'ready' ? true : undefined), 15_000, 20);
  return page;
}

/** One join from a fresh browser context; the times are taken inside the page, from the click. */
async function timeJoin(browser: Browser, joinUrl: string): Promise<JoinTimes> {
  const page = await readyPage(browser, joinUrl);
  try {
    // (No named functions inside: tsx's keepNames would reference a helper the page lacks.)
    return await page.evaluate(async () => {
      const started = performance.now();
      (document.querySelector('[data-testid="join-button"]') as HTMLButtonElement).click();
      for (;;) {
        const stats = (await window.__lienthong!.inboundStats()) as { videoFramesDecoded: number };
        if (stats.videoFramesDecoded > 0) break;
        if (performance.now() - started > 20_000) throw new Error(`no frame within 20 s (state ${window.__lienthong!.state})`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const firstFrame = performance.now();
      const marks: Record<string, number> = {};
      for (const m of performance.getEntriesByType('mark')) {
        if (m.name.startsWith('lienthong:join:')) marks[m.name.slice('lienthong:join:'.length)] = performance.timeOrigin + m.startTime;
      }
      return {
        clickAt: performance.timeOrigin + started,
        firstFrameAt: performance.timeOrigin + firstFrame,
        marks,
        consumerIds: window.__lienthong!.consumerIds(),
      };
    });
  } finally {
    await page.context().close();
  }
}

/** Every keyframe trace line the nodes wrote so far. */
function readTrace(traceDir: string): KeyframeTraceLine[] {
  return ['node-1', 'node-2'].flatMap((node) => {
    let text = '';
    try {
      text = readFileSync(path.join(traceDir, `${node}.jsonl`), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as KeyframeTraceLine);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n);
  return {
    joins: samples.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
    samplesMs: samples.map(round),
  };
};

/** A kind's joins: totals, and the breakdown (joins the trace could not explain are counted apart). */
function report(times: JoinTimes[], trace: readonly KeyframeTraceLine[], siteNodeId: string) {
  const breakdowns: FirstFrameBreakdown[] = [];
  const unexplained: string[] = [];
  for (const t of times) {
    try {
      breakdowns.push(breakDown(t, trace, siteNodeId));
    } catch (err) {
      unexplained.push((err as Error).message);
    }
  }
  const round = (b: FirstFrameBreakdown) => Object.fromEntries(Object.entries(b).map(([k, v]: [string, number | null]) => [k, v === null ? null : Math.round(v)]));
  return {
    ...summary(times.map((t) => t.firstFrameAt - t.clickAt)),
    breakdown: summarize(breakdowns),
    breakdownPerJoin: breakdowns.map(round),
    ...(unexplained.length ? { unexplained } : {}),
  };
}

type ScratchStack = Awaited<ReturnType<typeof startScratchStack>>;

/** One stack whose media nodes get `nodeEnv` besides their keyframe trace: cold, warm joins of both kinds, node deaths. */
async function measure(browser: Browser, nodeEnv: Record<string, string>) {
  const traceDir = mkdtempSync(path.join(tmpdir(), 'lienthong-join-trace-'));
    // node-1 serves the centre and Hà Nội (no pipe from the hall), node-2 Đà Nẵng (through the pipe).
  const nodeSpecs: MediaNodeSpec[] = [
    { nodeId: 'node-1', localityTags: ['TW', 'HN'], rtcMinPort: portBase, rtcMaxPort: portBase + 99 },
    { nodeId: 'node-2', localityTags: ['DN'], rtcMinPort: portBase + 100, rtcMaxPort: portBase + 199 },
  ].map((spec) => ({ ...spec, env: { ...nodeEnv, KEYFRAME_TRACE_FILE: path.join(traceDir, `${spec.nodeId}.jsonl`) } }));
  const stack = await startScratchStack(nodeSpecs);
  let hall: Page | undefined;
  let residentPage: Page | undefined;
  try {
    const conference = await demoConference(stack);
    const codeOf = (id: string) => stack.seed.sites.find((s) => s.id === id)!.unitCode;
    const sameNode = conference.sites.find((s) => codeOf(s.id).startsWith('HN-') && s.unit.tier === 3)!;
    const throughPipe = conference.sites.find((s) => codeOf(s.id).startsWith('DN-') && s.unit.tier === 3)!;

    hall = await hallOnAir(browser, conference);
    // RESIDENT_SITE=1: another Đà Nẵng site stays on node-2 throughout, so its router and the pipe
    // outlive each measured join (a warm pipe). Without it the measured site is node-2's only one:
    // its router and pipe close when it leaves, and every pipe join builds them afresh.
    if (resident) {
      const other = conference.sites.find((s) => codeOf(s.id).startsWith('DN-') && s.id !== throughPipe.id)!;
      residentPage = await readyPage(browser, other.joinUrl);
      await residentPage.click('[data-testid="join-button"]');
      await waitFor('the resident site', async () => ((await siteState(residentPage!)) === 'receiving' ? true : undefined), 30_000);
    }

    const coldSame = await timeJoin(browser, sameNode.joinUrl);
    const coldPipe = await timeJoin(browser, throughPipe.joinUrl);
    const same: JoinTimes[] = [];
    const pipe: JoinTimes[] = [];
    for (let i = 0; i < joins; i += 1) {
      same.push(await timeJoin(browser, sameNode.joinUrl));
      pipe.push(await timeJoin(browser, throughPipe.joinUrl));
    }
    const trace = readTrace(traceDir);
    const sameReport = report(same, trace, 'node-1');
    const pipeReport = report(pipe, trace, 'node-2');
    const cold = {
      sameNode: report([coldSame], trace, 'node-1').breakdownPerJoin[0] ?? null,
      throughPipe: report([coldPipe], trace, 'node-2').breakdownPerJoin[0] ?? null,
    };
    const deaths = nodeDeaths > 0 ? await timeNodeDeaths(browser, stack, nodeSpecs[1]!, throughPipe.joinUrl, throughPipe.id) : null;
    return {
      nodeEnv,
      residentSiteOnNode2: resident,
      cold,
      sameNode: { site: sameNode.name, node: 'node-1', ...sameReport },
      throughPipe: { site: throughPipe.name, node: 'node-2', ...pipeReport },
      ratio: {
        p50: Math.round((pipeReport.p50Ms / sameReport.p50Ms) * 100) / 100,
        p95: Math.round((pipeReport.p95Ms / sameReport.p95Ms) * 100) / 100,
      },
      ...(deaths ? { nodeDeath: deaths } : {}),
    };
  } finally {
    await residentPage?.context().close();
    await hall?.context().close();
    await stack.stop();
    // KEEP_TRACE=1 leaves the nodes' keyframe trace for a closer look (its directory is on stderr).
    if (process.env.KEEP_TRACE === '1') console.error(`keyframe trace kept in ${traceDir}`);
    else rmSync(traceDir, { recursive: true, force: true });
  }
}

/** `COMPARE_ENV`, e.g. "KEYFRAME_REQUEST_DELAY_MS=1000,PIPE_KEYFRAME_REQUEST_DELAY_MS=1000": the nodes' variables of the run compared against. */
const compareEnv = Object.fromEntries(
  (process.env.COMPARE_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const browser = await launchChromium();
try {
  // The compared settings first, then the node's own, each on a fresh stack.
  const compared = Object.keys(compareEnv).length ? await measure(browser, compareEnv) : null;
  const current = await measure(browser, {});
  console.log(
    JSON.stringify(
      {
        benchmark: 'join-to-first-frame',
        what: 'ms from the click on the join button to the first decoded program frame (getStats framesDecoded > 0); breakdown phases add up to the total',
        machine: { cpus: (await import('node:os')).cpus().length, node: process.version, load: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10) },
        current,
        ...(compared ? { compared } : {}),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
}

/**
 * Node death to the first new frame, `NODE_DEATHS` times: a node-2 site plays, node-2 is killed,
 * the page rejoins on node-1 by itself; measured in the page from the kill to the first frame
 * decoded on the new session (the state leaves 'receiving', then frames count from zero again).
 */
async function timeNodeDeaths(browser: Browser, stack: ScratchStack, node2: MediaNodeSpec, joinUrl: string, siteId: string) {
  const samples: { detectedMs: number; firstFrameMs: number }[] = [];
  for (let i = 0; i < nodeDeaths; i += 1) {
    if (i > 0) {
      stack.children.set('node-2', await startMediaNode(node2, { url: stack.urls.join(','), tokens: stack.tokens, logLevel: 'info', sink: (line) => stack.logs.push(line) }));
      await waitFor('node-2 back in the fleet', async () => {
        const fleet = await operatorApi(stack).result('fleet.nodes');
        return fleet.data?.items.some((n) => n.nodeId === 'node-2') ? true : undefined;
      }, 30_000, 200);
    }
    const page = await readyPage(browser, joinUrl);
    try {
      await page.click('[data-testid="join-button"]');
      await waitFor('frames on node-2', async () => {
        const frames = await page.evaluate(async () => ((await window.__lienthong!.inboundStats()) as { videoFramesDecoded: number }).videoFramesDecoded);
        return frames > 10 ? true : undefined;
      }, 30_000, 50);
      const placed = await nodeOf(siteId);
      if (placed !== 'node-2') throw new Error(`the site joined on ${placed}, not node-2`);
      // Epoch times from the page, against the kill's own: the watch may start a moment after the kill.
      const watch = page.evaluate(async () => {
        const since = performance.now();
        let detected = 0;
        for (;;) {
          const state = window.__lienthong!.state;
          if (!detected && state !== 'receiving') detected = performance.now();
          if (detected && state === 'receiving') {
            const stats = (await window.__lienthong!.inboundStats()) as { videoFramesDecoded: number };
            if (stats.videoFramesDecoded > 0) return { detectedAt: performance.timeOrigin + detected, firstFrameAt: performance.timeOrigin + performance.now() };
          }
          if (performance.now() - since > 20_000) throw new Error(`no new frame within 20 s (state ${state})`);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
      const killedAt = Date.now();
      stack.children.get('node-2')!.process.kill('SIGKILL');
      const seen = await watch;
      samples.push({ detectedMs: Math.round(seen.detectedAt - killedAt), firstFrameMs: Math.round(seen.firstFrameAt - killedAt) });
    } finally {
      await page.context().close();
    }
  }
  async function nodeOf(site: string): Promise<string | undefined> {
    const paths = await operatorApi(stack).call('conferences.mediaPath', { params: { id: stack.seed.conferenceId } });
    return paths.items.find((p) => p.siteId === site)?.nodeId;
  }
  const frames = samples.map((s) => s.firstFrameMs).sort((a, b) => a - b);
  return { what: 'ms from kill -9 of node-2 to the first frame decoded on node-1 (detectedMs: the page left receiving)', p50Ms: percentile(frames, 50), p95Ms: percentile(frames, 95), samples };
}
