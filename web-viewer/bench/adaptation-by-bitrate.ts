/**
 * `npm run bench:adaptation -w web-viewer`: what a site on a weak downlink gets, per link, with
 * the current adaptation and with the one before issue 19 (`?adaptation=legacy`) as the baseline,
 * in the same run and interleaved. For each condition (weak-links/conditions.ts: cap + random
 * loss + 100 ms, bursty loss, a link that degrades and recovers) a fresh site joins behind the
 * project's impairment relay (the hall's own link is clean) and its page's statistics are read
 * every second. Reports decoded fps, picture width, freezes, audio concealment (at the join and
 * steady), loss left after retransmission, the levels taken and when, and the time to recover.
 * Prints one JSON document. Env: STEADY_S (default 50), CONDITIONS (names, comma-separated),
 * POLICIES (default "legacy,viewer"), TRACES_DIR (write each run's 2-s intervals there as JSON),
 * RTC_PORTS (the node's and relay's port range, "min-max", default 19000-19099), HALL_AUDIO (speech,
 * the default, or Chromium's beep: see weak-links/speech.ts), HALL_FEC=off (a control: the hall's
 * Opus without in-band FEC, see weak-links/hall-fec.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@lienthong/testing/browser';
import { operatorApi } from '../../infra/local/operator-api.js';
import { ImpairmentRelay, noImpairment } from '@lienthong/testing/impairment-relay';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, inboundOf, joinThroughDeviceCheck } from '@lienthong/testing/site-page';
import { type Condition, weakLinkConditions } from './weak-links/conditions.js';
import { hallWithoutFec } from './weak-links/hall-fec.js';
import { speechMicrophoneArgs } from './weak-links/speech.js';
import { joinSummary, levelChanges, maxChangesPerMinute, type Reading, recoverySummary, trace, windowSummary } from './weak-links/summary.js';

const steadySeconds = Number(process.env.STEADY_S ?? 50);
const wanted = process.env.CONDITIONS?.split(',');
const policies = (process.env.POLICIES ?? 'legacy,viewer').split(',') as ('legacy' | 'viewer')[];
const tracesDir = process.env.TRACES_DIR;
/** What the hall's (and the site's) microphone sends: synthesized speech, or Chromium's beep (the figures before session 5). */
const hallAudio = process.env.HALL_AUDIO === 'beep' ? 'beep' : 'speech';
/** HALL_FEC=off: the control run, the hall's Opus without in-band FEC (weak-links/hall-fec.ts). */
const hallFec = process.env.HALL_FEC !== 'off';
/** The sites of a weak commune are recorded as such: the current policy starts them gently. */
const SITE_LINK_PROFILE = 'cellular_3g';
const [minPort, maxPort] = (process.env.RTC_PORTS ?? '19000-19099').split('-').map(Number);
const PORTS = { min: minPort!, max: maxPort! };

const conditions = weakLinkConditions(steadySeconds).filter((c) => !wanted || wanted.includes(c.name));

async function runOne(browser: Browser, relay: ImpairmentRelay, hall: Page, joinUrl: string, condition: Condition, policy: string) {
  relay.set({ ...noImpairment, ...condition.phases[0]!.impairment });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const url = new URL(joinUrl);
    if (policy === 'legacy') url.searchParams.set('adaptation', 'legacy');
    const clickedAt = await joinThroughDeviceCheck(page, url.toString());
    const readings: Reading[] = [];
    let phaseEnds = clickedAt;
    const phaseStarts: number[] = [];
    for (const phase of condition.phases) {
      relay.set({ ...noImpairment, ...phase.impairment });
      phaseStarts.push((Date.now() - clickedAt) / 1000);
      phaseEnds += phase.seconds * 1000;
      while (Date.now() < phaseEnds) {
        const [stats, level, hallSent] = await Promise.all([
          inboundOf(page),
          page.evaluate(() => window.__lienthong!.receiveLevel),
          hall.evaluate(() => window.__lienthong!.outboundStats()),
        ]);
        readings.push({ t: (Date.now() - clickedAt) / 1000, level, stats, hallHeardLossPercent: hallSent.audioReportedLossPercent });
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() % 1000))));
      }
    }
    const end = readings.at(-1)?.t ?? 0;
    const recoveredAt = condition.phases.length > 1 ? phaseStarts.at(-1)! : null;
    const changes = levelChanges(readings);
    if (tracesDir) {
      mkdirSync(tracesDir, { recursive: true });
      writeFileSync(path.join(tracesDir, `${condition.name}.${policy}.json`), JSON.stringify(trace(readings)) + '\n');
    }
    return {
      policy,
      finalLevel: readings.at(-1)?.level ?? null,
      levels: changes,
      maxChangesPerMinuteAfter20s: maxChangesPerMinute(changes, 20),
      join: joinSummary(readings),
      joinFirst5s: joinSummary(readings, 5),
      // Steady: the condition's own phase, from 15 s after the join (or after the degradation began).
      steady:
        recoveredAt === null
          ? windowSummary(readings, 15, end + 1)
          : windowSummary(readings, phaseStarts[1]! + 15, recoveredAt),
      ...(recoveredAt === null ? {} : { recovery: recoverySummary(readings, recoveredAt), recovered: windowSummary(readings, end - 15, end + 1) }),
    };
  } finally {
    await context.close();
  }
}

const relay = await ImpairmentRelay.start({ listenIp: '127.0.0.2', targetIp: '127.0.0.1', minPort: PORTS.min, maxPort: PORTS.max });
const stack = await startScratchStack([
  { nodeId: 'node-1', localityTags: ['TW', 'HN', 'DN'], rtcMinPort: PORTS.min, rtcMaxPort: PORTS.max, listenIp: '127.0.0.1', announcedIp: '127.0.0.2' },
]);
const browser = await launchChromium(hallAudio === 'speech' ? speechMicrophoneArgs() : []);
try {
  const conference = await demoConference(stack);
  const hall = await hallOnAir(browser, conference, hallFec ? undefined : hallWithoutFec);
  relay.exemptCurrentClients();
  const site = conference.sites.find((s) => s.unit.tier === 3)!;
  await operatorApi(stack).call('sites.update', { params: { id: site.id }, body: { linkProfile: SITE_LINK_PROFILE } });

  const rows = [];
  for (const condition of conditions) {
    const runs = [];
    for (const policy of policies) {
      runs.push(await runOne(browser, relay, hall, site.joinUrl, condition, policy));
      relay.set(noImpairment);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    rows.push({ condition: condition.name, phases: condition.phases, goal: condition.goal, runs });
    console.error(`[bench:adaptation] ${condition.name} done`);
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'adaptation-by-bitrate',
        baseline: 'legacy: the policy before issue 19 (raw loss, three levels), same run, same links',
        siteLinkProfile: SITE_LINK_PROFILE,
        hallAudio,
        hallFec,
        steadySeconds,
        rows,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await stack.stop();
  relay.close();
}
