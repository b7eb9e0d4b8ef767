/**
 * `npm run -s bench:health`: site health fan-out for a national conference. 15,345 simulated sites
 * report at 1 Hz (see health/simulated-sites.ts for exactly what is simulated) into a control
 * plane running in a child process (so its CPU is measured alone), with two live consoles open
 * in headless Chromium. Two ways of keeping the consoles current, measured in the same run:
 *   - deltas (the design): a snapshot, then one compact delta a second;
 *   - snapshots (the naive baseline): a full snapshot every second.
 * Per way: control-plane CPU, bytes per second per console (websocket frames as Chromium received
 * them) and the console's cost per update: its main-thread time (Chromium's TaskDuration) per update,
 * and the time from applying an update to React's commit (which also counts waiting behind other work).
 * Then the gateway's own share, which the simulation skips: REAL_SITES (300) real /site sockets
 * sending `reportHealth` at 1 Hz, CPU per report, extrapolated to 15,345 sites. Prints JSON.
 * `DURATION_S` (20) sets each measured window.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@lienthong/testing/browser';
import { waitFor } from '@lienthong/testing/wait';
import { ask, cpuMs, next, round, sleep, spawn, type ChildStats, type PlaneReady } from './health/children.js';

const DURATION_S = Number(process.env.DURATION_S ?? 20);
const WARMUP_S = 5;
const RENDER_MEASURE = 'lienthong:health-update';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : null;
};

const plane = spawn('./control-plane-child.ts');
const ready = await next<PlaneReady>(plane, 'ready');
const browser: Browser = await launchChromium();

/** Opens one console; counts the bytes of pushed events ("42…") and of answers ("43…", the snapshots). */
async function openConsole(mode: 'deltas' | 'snapshots') {
  const page: Page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const bytes = { events: 0, answers: 0 };
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      const text = typeof payload === 'string' ? payload : '';
      if (text.startsWith('42')) bytes.events += size;
      else if (text.startsWith('43')) bytes.answers += size;
    }),
  );
  // The page's own main-thread time (Chromium's TaskDuration): what each update costs it, whatever else the machine runs.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  await page.goto(`${ready.url}/console/live#token=${ready.token}&conference=${ready.conferenceId}${mode === 'snapshots' ? '&mode=snapshots' : ''}`);
  await waitFor('the console snapshot', async () => ((await page.getByTestId('sites-connected').innerText()).endsWith(ready.sites.toLocaleString('vi-VN')) ? true : undefined), 60_000, 250);
  return { page, bytes, taskSeconds };
}

async function measureWay(mode: 'deltas' | 'snapshots') {
  const consoles = [await openConsole(mode), await openConsole(mode)];
  await sleep(WARMUP_S * 1000);
  const tasksBefore: number[] = [];
  for (const c of consoles) {
    c.bytes.events = 0;
    c.bytes.answers = 0;
    await c.page.evaluate((name) => performance.clearMeasures(name), RENDER_MEASURE);
    tasksBefore.push(await c.taskSeconds());
  }
  const before = await ask<ChildStats>(plane, 'stats');
  const started = Date.now();
  await sleep(DURATION_S * 1000);
  const after = await ask<ChildStats>(plane, 'stats');
  const seconds = (Date.now() - started) / 1000;
  const renders = (await Promise.all(consoles.map((c) => c.page.evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), RENDER_MEASURE)))).flat();
  const taskMs = (await Promise.all(consoles.map((c) => c.taskSeconds()))).reduce((sum, v, i) => sum + (v - tasksBefore[i]!) * 1000, 0);
  const perConsole = consoles.map((c) => (mode === 'deltas' ? c.bytes.events : c.bytes.answers) / seconds);
  await Promise.all(consoles.map((c) => c.page.close()));
  const cpu = cpuMs(before.cpu, after.cpu);
  const simulator = after.simulatorMs - before.simulatorMs;
  return {
    controlPlaneCpuCores: round(cpu / 1000 / seconds, 3),
    simulatorShareCores: round(simulator / 1000 / seconds, 3),
    reportsPerSecond: Math.round((after.reports - before.reports) / seconds),
    bytesPerSecondPerConsole: perConsole.map((b) => Math.round(b)),
    updatesRendered: renders.length,
    /** the console page's main-thread time (receiving, validating, applying, rendering) per update */
    pageMainThreadMsPerUpdate: round(taskMs / Math.max(1, renders.length), 1),
    pageMainThreadShare: round(taskMs / 1000 / seconds / consoles.length, 3),
    /** from the start of applying an update to React's commit (includes waiting behind other work) */
    renderMsPerUpdate: { p50: round(quantile(renders, 0.5)), p95: round(quantile(renders, 0.95)), max: round(quantile(renders, 1)) },
  };
}

async function gatewayShare() {
  await ask(plane, 'pause');
  await sleep(8000); // the simulated sites fall silent and turn bad: let that settle
  const idle0 = await ask<ChildStats>(plane, 'stats');
  await sleep(10_000);
  const idle1 = await ask<ChildStats>(plane, 'stats');
  const idleCpuPerS = cpuMs(idle0.cpu, idle1.cpu) / 10;
  // As browsers send it: a volatile event, no ack (bench:report-gateway compares the two ways).
  const sites = spawn('./site-sockets-child.ts', { SITES: JSON.stringify({ url: ready.url, tokens: ready.siteTokens }), ACK: '0' });
  await next(sites, 'joined');
  await sleep(3000);
  const a = await ask<ChildStats>(plane, 'stats');
  const started = Date.now();
  await sleep(10_000);
  const b = await ask<ChildStats>(plane, 'stats');
  const seconds = (Date.now() - started) / 1000;
  sites.send({ type: 'stop' });
  const reports = b.gatewayReports - a.gatewayReports;
  const extraCpuMs = cpuMs(a.cpu, b.cpu) - idleCpuPerS * seconds;
  const perReportUs = (extraCpuMs * 1000) / reports;
  return {
    realSiteSockets: ready.siteTokens.length,
    reportsPerSecond: Math.round(reports / seconds),
    cpuMicrosecondsPerReport: round(perReportUs, 1),
    extrapolatedCoresFor15345Sites: round((perReportUs * ready.sites) / 1e6, 3),
  };
}

try {
  await ask(plane, 'simulate');
  await sleep(3000);
  const deltas = await measureWay('deltas');
  const snapshots = await measureWay('snapshots');
  const gateway = await gatewayShare();
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(
    JSON.stringify(
      {
        sites: ready.sites,
        consoles: 2,
        windowSeconds: DURATION_S,
        simulated: 'browsers and their sockets: reports enter HealthPublisher.reported() in the control-plane process (the call the site gateway makes after validating reportHealth); the gateway share is measured apart with real sockets and extrapolated',
        deltas,
        snapshotEverySecond: snapshots,
        gateway,
        ratios: {
          bytesPerConsole: round(mean(snapshots.bytesPerSecondPerConsole) / mean(deltas.bytesPerSecondPerConsole), 1),
          controlPlaneCpu: round(snapshots.controlPlaneCpuCores! / deltas.controlPlaneCpuCores!, 2),
          renderP50: round(snapshots.renderMsPerUpdate.p50! / deltas.renderMsPerUpdate.p50!, 1),
          pageMainThreadPerUpdate: round(snapshots.pageMainThreadMsPerUpdate! / deltas.pageMainThreadMsPerUpdate!, 1),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  if (plane.connected) {
    plane.send({ type: 'stop' });
    await new Promise((r) => plane.once('exit', r));
  }
}
