/**
 * `npm run bench:receiver-estimate -w web-viewer` (issue 16): does a site's receiver need the
 * node's send-side estimate? One real Chromium site joins a conference behind the project's
 * impairment relay (the hall's own link is clean) with an unlimited downlink; after CLEAN_S its
 * downlink is capped at CAP_KBPS for CAPPED_S. Each run has a fresh stack whose node runs
 * RECEIVER_ESTIMATE=transport-cc (today's, the baseline) or none (no transport-cc, goog-remb or
 * their header extensions on a site's receive transport), alternated, RUNS of each.
 * Per run, from the cap on: the time until the page steps down (its receive level) and until
 * it gets the low layer (picture <= 320 px wide) or sound only, the frozen video time (the
 * browser's freeze seconds, and the longest gap with no frame decoded), audio lost (packets, concealed share) and the time until steady
 * (the last second with a level change, a picture-width change, a frame gap >= 1 s or > 5 %
 * audio concealed). The page is read every 500 ms. Prints one JSON document. The cap: a clean
 * site here receives ~260 kbit/s (the demo hall's fake camera), so 300 kbit/s did not bite; 150 does.
 * Env: RUNS (default 2), CAP_KBPS (150), CLEAN_S (15), CAPPED_S (45), SETTINGS (default
 * "transport-cc,none"), RTC_PORTS ("min-max", default 21150-21199).
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '@lienthong/testing/browser';
import { ImpairmentRelay, noImpairment } from '@lienthong/testing/impairment-relay';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, inboundOf, joinThroughDeviceCheck } from '@lienthong/testing/site-page';
import { waitFor } from '@lienthong/testing/wait';

const runsEach = Number(process.env.RUNS ?? 2);
const capKbps = Number(process.env.CAP_KBPS ?? 150);
const cleanSeconds = Number(process.env.CLEAN_S ?? 15);
const cappedSeconds = Number(process.env.CAPPED_S ?? 45);
const settings = (process.env.SETTINGS ?? 'transport-cc,none').split(',');
const [minPort, maxPort] = (process.env.RTC_PORTS ?? '21150-21199').split('-').map(Number);

declare global {
  interface Window {
    /** The remote offers a page's peer connections took (its receive transport's SDP), for the negotiated check. */
    __remoteOffers?: string[];
  }
}

type Stats = Awaited<ReturnType<typeof inboundOf>>;
interface Sample {
  /** seconds from the cap (negative before it) */
  t: number;
  level: string;
  s: Stats;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function summarize(samples: Sample[]) {
  const before = samples.filter((x) => x.t < 0).at(-1)!;
  const after = samples.filter((x) => x.t >= 0);
  const last = after.at(-1)!;
  // The page asks for less (its level), then gets the small layer (the picture's width) or sound only.
  const stepped = after.find((x) => x.level !== 'full');
  const low = after.find((x) => x.level === 'audio' || (x.s.videoFrameWidth > 0 && x.s.videoFrameWidth <= 320));
  let longestGap = 0;
  let gapStart = before.t;
  let lastBad = 0;
  let prev = before;
  for (const x of after) {
    const frames = x.s.videoFramesDecoded - prev.s.videoFramesDecoded;
    if (frames > 0 || x.level === 'audio') gapStart = x.t;
    else longestGap = Math.max(longestGap, x.t - gapStart);
    const samplesPlayed = x.s.audioSamplesReceived - prev.s.audioSamplesReceived;
    const concealed = x.s.audioSamplesConcealed - prev.s.audioSamplesConcealed;
    const bad =
      x.level !== prev.level ||
      (x.s.videoFrameWidth !== prev.s.videoFrameWidth && x.s.videoFrameWidth > 0) ||
      (x.level !== 'audio' && x.t - gapStart >= 1) ||
      (samplesPlayed > 0 && concealed / samplesPlayed > 0.05);
    if (bad) lastBad = x.t;
    prev = x;
  }
  const d = (k: keyof Stats) => (last.s[k] as number) - (before.s[k] as number);
  const levels: { t: number; level: string; width: number }[] = [];
  for (const x of samples) {
    const p = levels.at(-1);
    if (!p || p.level !== x.level || p.width !== x.s.videoFrameWidth) levels.push({ t: round(x.t, 1), level: x.level, width: x.s.videoFrameWidth });
  }
  const tail = after.filter((x) => x.t >= last.t - 15);
  const tailFps = tail.length > 1 ? (tail.at(-1)!.s.videoFramesDecoded - tail[0]!.s.videoFramesDecoded) / (tail.at(-1)!.t - tail[0]!.t) : 0;
  const kbps = (a: Sample, b: Sample) => round(((b.s.videoBytesReceived + b.s.audioBytesReceived - a.s.videoBytesReceived - a.s.audioBytesReceived) * 8) / 1000 / (b.t - a.t), 0);
  const clean = samples.filter((x) => x.t >= -5 && x.t < 0);
  return {
    receivedKbpsBeforeCap: clean.length > 1 ? kbps(clean[0]!, clean.at(-1)!) : null,
    receivedKbpsLast15s: tail.length > 1 ? kbps(tail[0]!, tail.at(-1)!) : null,
    widthBeforeCap: before.s.videoFrameWidth,
    toStepDownS: stepped ? round(stepped.t) : null,
    toLowLayerS: low ? round(low.t) : null,
    lowBy: low ? (low.level === 'audio' ? 'sound only' : `width ${low.s.videoFrameWidth}`) : null,
    freezeSeconds: round(d('videoFreezeSeconds')),
    freezes: d('videoFreezeCount'),
    longestDecodeGapS: round(longestGap),
    audioPacketsLost: d('audioPacketsLost'),
    audioConcealedPercent: round((100 * d('audioSamplesConcealed')) / Math.max(1, d('audioSamplesReceived'))),
    videoPacketsLost: d('videoPacketsLost'),
    steadyAfterS: round(lastBad),
    last15s: { fps: round(tailFps, 1), width: last.s.videoFrameWidth, level: last.level },
    levels,
  };
}

async function runOne(setting: string) {
  const relay = await ImpairmentRelay.start({ listenIp: '127.0.0.2', targetIp: '127.0.0.1', minPort: minPort!, maxPort: maxPort! });
  const stack = await startScratchStack([
    {
      nodeId: 'node-1',
      localityTags: ['TW', 'HN', 'DN'],
      rtcMinPort: minPort!,
      rtcMaxPort: maxPort!,
      listenIp: '127.0.0.1',
      announcedIp: '127.0.0.2',
      env: { RECEIVER_ESTIMATE: setting },
    },
  ]);
  const browser = await launchChromium();
  try {
    const conference = await demoConference(stack);
    await hallOnAir(browser, conference);
    relay.exemptCurrentClients();
    const site = conference.sites.find((s) => s.unit.tier === 3)!;
    const context = await browser.newContext();
    // The receive transport's SDP is the remote offer (mediasoup-client): kept to check what it negotiated.
    await context.addInitScript(() => {
      const set = RTCPeerConnection.prototype.setRemoteDescription;
      const offers: string[] = (window.__remoteOffers = []);
      RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, d: RTCSessionDescriptionInit) {
        if (d.type === 'offer' && d.sdp) offers.push(d.sdp);
        return set.call<RTCPeerConnection, [RTCSessionDescriptionInit], Promise<void>>(this, d);
      };
    });
    const page: Page = await context.newPage();
    await joinThroughDeviceCheck(page, site.joinUrl);
    await waitFor('the full picture through the relay', async () => {
      const s = await inboundOf(page);
      return s.videoFramesDecoded > 30 && s.videoFrameWidth > 320 ? true : undefined;
    }, 30_000, 250);
    const samples: Sample[] = [];
    const capAt = Date.now() + cleanSeconds * 1000;
    const endAt = capAt + cappedSeconds * 1000;
    let capped = false;
    while (Date.now() < endAt) {
      if (!capped && Date.now() >= capAt) {
        relay.set({ ...noImpairment, rateKbps: capKbps });
        capped = true;
      }
      const [s, level] = await Promise.all([inboundOf(page), page.evaluate(() => window.__lienthong!.receiveLevel)]);
      samples.push({ t: (Date.now() - capAt) / 1000, level, s });
      await new Promise((r) => setTimeout(r, 500 - (Date.now() % 500)));
    }
    const offers = await page.evaluate(() => window.__remoteOffers?.at(-1) ?? '');
    const negotiated = {
      transportCc: offers.includes('transport-cc'),
      twccExtension: offers.includes('transport-wide-cc'),
      remb: offers.includes('goog-remb'),
      absSendTime: offers.includes('abs-send-time'),
    };
    if (setting === 'none' && Object.values(negotiated).some(Boolean)) throw new Error(`a receiver with RECEIVER_ESTIMATE=none negotiated ${JSON.stringify(negotiated)}`);
    if (setting === 'transport-cc' && !negotiated.transportCc) throw new Error('today\'s receiver negotiated no transport-cc');
    return { setting, receiverNegotiated: negotiated, ...summarize(samples), relay: { ...relay.counters } };
  } finally {
    await browser.close();
    await stack.stop();
    relay.close();
  }
}

const runs = [];
for (let i = 0; i < runsEach; i++) {
  // Alternated, and the order flipped every round (A B B A ...), so drift falls on both.
  const order = i % 2 === 0 ? settings : [...settings].reverse();
  for (const setting of order) {
    runs.push(await runOne(setting));
    console.error(`[bench:receiver-estimate] ${setting} done: ${JSON.stringify(runs.at(-1)).slice(0, 300)}`);
  }
}
console.log(
  JSON.stringify(
    {
      benchmark: 'receiver-estimate',
      baseline: 'transport-cc: the node keeps a send-side estimate per site receive transport (today), same run, alternated',
      capKbps,
      cleanSeconds,
      cappedSeconds,
      runs,
    },
    null,
    2,
  ),
);
