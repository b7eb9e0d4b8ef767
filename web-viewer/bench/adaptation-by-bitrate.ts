/**
 * `npm run bench:adaptation -w web-viewer`: what the site endpoint ends up receiving when its
 * downlink is capped at a given bitrate. For each cap, a fresh site joins behind the project's
 * impairment relay (the hall's own link is clean), runs for `SETTLE_S` seconds (default 25), and
 * reports the receive level it settled on, the picture width and what arrived. Prints JSON.
 */
import type { InboundStats } from '../src/site/stats.js';
import { launchChromium } from '../../infra/e2e/support/browser.js';
import { ImpairmentRelay } from '../../infra/e2e/support/impairment-relay.js';
import { startScratchStack } from '../../infra/e2e/support/scratch-stack.js';
import { demoConference, hallOnAir, inboundOf, joinThroughDeviceCheck } from '../../infra/e2e/support/site-page.js';

const caps = [null, 800, 400, 250, 160, 100, 60];
const settleMs = Number(process.env.SETTLE_S ?? 25) * 1000;

const relay = await ImpairmentRelay.start({ listenIp: '127.0.0.2', targetIp: '127.0.0.1', minPort: 45400, maxPort: 45499 });
const stack = await startScratchStack([
  { nodeId: 'node-1', localityTags: ['TW', 'HN', 'DN'], rtcMinPort: 45400, rtcMaxPort: 45499, listenIp: '127.0.0.1', announcedIp: '127.0.0.2' },
]);
const browser = await launchChromium();
try {
  const conference = await demoConference(stack);
  await hallOnAir(browser, conference);
  relay.exemptCurrentClients();
  const site = conference.sites.find((s) => s.unit.tier === 3)!;

  const rows = [];
  for (const cap of caps) {
    relay.set({ rateKbps: cap });
    const context = await browser.newContext();
    const page = await context.newPage();
    await joinThroughDeviceCheck(page, site.joinUrl);
    const levels: string[] = [];
    const started = Date.now();
    let before: InboundStats | null = null;
    while (Date.now() - started < settleMs) {
      await new Promise((r) => setTimeout(r, 500));
      const level = await page.evaluate(() => (window as any).__lienthong.receiveLevel as string);
      if (levels.at(-1) !== level) levels.push(level);
      if (!before && Date.now() - started >= settleMs - 5_000) before = await inboundOf(page);
    }
    const after = await inboundOf(page);
    const b = before ?? after;
    const seconds = Math.max(0.001, (after.timestamp - b.timestamp) / 1000);
    const received = after.videoPacketsReceived - b.videoPacketsReceived + after.audioPacketsReceived - b.audioPacketsReceived;
    const lost = after.videoPacketsLost - b.videoPacketsLost + after.audioPacketsLost - b.audioPacketsLost;
    rows.push({
      capKbps: cap,
      levels,
      finalLevel: levels.at(-1),
      frameWidth: after.videoFrameWidth,
      lastSeconds: {
        videoKbps: Math.round(((after.videoBytesReceived - b.videoBytesReceived) * 8) / 1000 / seconds),
        audioKbps: Math.round(((after.audioBytesReceived - b.audioBytesReceived) * 8) / 1000 / seconds),
        fps: Math.round((after.videoFramesDecoded - b.videoFramesDecoded) / seconds),
        lossPercent: Math.round((1000 * Math.max(0, lost)) / Math.max(1, received + lost)) / 10,
      },
    });
    await context.close();
    await new Promise((r) => setTimeout(r, 1_000));
  }
  console.log(JSON.stringify({ benchmark: 'adaptation-by-bitrate', settleSeconds: settleMs / 1000, rows }, null, 2));
} finally {
  await browser.close();
  await stack.stop();
  relay.close();
}
