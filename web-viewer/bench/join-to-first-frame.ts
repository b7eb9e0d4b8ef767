/**
 * `npm run bench:join -w web-viewer`: time from the click on "Vào hội nghị" to the first decoded
 * program frame, over repeated joins, in headless Chromium against the real stack (control plane,
 * two SFU processes). Two kinds of site, interleaved: one served by the hall's own node (node-1,
 * no pipe) as the baseline, and one on node-2 whose program crosses the PipeTransport. Prints one
 * JSON object: p50/p95 per kind and their ratio. `JOINS` (default 10) sets the repetitions.
 * Each kind's first join is reported apart ("cold": it creates the router, and the pipe).
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../infra/e2e/support/browser.js';
import { startScratchStack } from '../../infra/e2e/support/scratch-stack.js';
import { demoConference, hallOnAir, siteState } from '../../infra/e2e/support/site-page.js';
import { waitFor } from '../../infra/local/wait.js';

const joins = Number(process.env.JOINS ?? 10);

/** One join from a fresh browser context; the time is measured inside the page, from the click. */
async function timeJoin(browser: Browser, joinUrl: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(joinUrl);
    await waitFor('the device check', async () => ((await siteState(page)) === 'ready' ? true : undefined), 15_000, 20);
    // (No named functions inside: tsx's keepNames would reference a helper the page lacks.)
    return await page.evaluate(async () => {
      const started = performance.now();
      (document.querySelector('[data-testid="join-button"]') as HTMLButtonElement).click();
      for (;;) {
        const stats = (await window.__lienthong!.inboundStats()) as { videoFramesDecoded: number };
        if (stats.videoFramesDecoded > 0) return performance.now() - started;
        if (performance.now() - started > 20_000) throw new Error(`no frame within 20 s (state ${window.__lienthong!.state})`);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
  } finally {
    await context.close();
  }
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

// node-1 serves the centre and Hà Nội (no pipe from the hall), node-2 Đà Nẵng (through the pipe).
const stack = await startScratchStack([
  { nodeId: 'node-1', localityTags: ['TW', 'HN'], rtcMinPort: 45800, rtcMaxPort: 45899 },
  { nodeId: 'node-2', localityTags: ['DN'], rtcMinPort: 45900, rtcMaxPort: 45999 },
]);
const browser = await launchChromium();
try {
  const conference = await demoConference(stack);
  const codeOf = (id: string) => stack.seed.sites.find((s) => s.id === id)!.unitCode;
  const sameNode = conference.sites.find((s) => codeOf(s.id).startsWith('HN-') && s.unit.tier === 3)!;
  const throughPipe = conference.sites.find((s) => codeOf(s.id).startsWith('DN-') && s.unit.tier === 3)!;

  await hallOnAir(browser, conference);

  const cold = { sameNodeMs: Math.round(await timeJoin(browser, sameNode.joinUrl)), throughPipeMs: Math.round(await timeJoin(browser, throughPipe.joinUrl)) };
  const same: number[] = [];
  const pipe: number[] = [];
  for (let i = 0; i < joins; i += 1) {
    same.push(await timeJoin(browser, sameNode.joinUrl));
    pipe.push(await timeJoin(browser, throughPipe.joinUrl));
  }
  const sameSummary = summary(same);
  const pipeSummary = summary(pipe);
  console.log(
    JSON.stringify(
      {
        benchmark: 'join-to-first-frame',
        what: 'ms from the click on the join button to the first decoded program frame (getStats framesDecoded > 0)',
        machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
        cold,
        sameNode: { site: sameNode.name, node: 'node-1', ...sameSummary },
        throughPipe: { site: throughPipe.name, node: 'node-2', ...pipeSummary },
        ratio: {
          p50: Math.round((pipeSummary.p50Ms / sameSummary.p50Ms) * 100) / 100,
          p95: Math.round((pipeSummary.p95Ms / sameSummary.p95Ms) * 100) / 100,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await stack.stop();
}
