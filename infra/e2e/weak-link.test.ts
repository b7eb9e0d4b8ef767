import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { ImpairmentRelay, noImpairment } from '@lienthong/testing/impairment-relay';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, inboundOf as inbound, joinThroughDeviceCheck, type LinkedConference } from '@lienthong/testing/site-page';

const PORTS = { min: 15200, max: 15299 };

/**
 * Weak and restrictive links, for real: the media node listens on 127.0.0.1 but announces
 * 127.0.0.2, where a userspace relay of ours forwards every RTC port (UDP and TCP) and can cap,
 * drop or delay a browser's downlink, or block its UDP altogether. The hall's own link is exempt.
 */
describe('weak links: adaptation under a constrained downlink, ICE restart after a blip, ICE over TCP when UDP is blocked', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let relay: ImpairmentRelay;
  let browser: Browser;
  let conference: LinkedConference;

  beforeAll(async () => {
    relay = await ImpairmentRelay.start({ listenIp: '127.0.0.2', targetIp: '127.0.0.1', minPort: PORTS.min, maxPort: PORTS.max });
    stack = await startScratchStack([
      {
        nodeId: 'node-1',
        localityTags: ['TW', 'HN', 'DN'],
        rtcMinPort: PORTS.min,
        rtcMaxPort: PORTS.max,
        listenIp: '127.0.0.1',
        announcedIp: '127.0.0.2',
      },
    ]);
    browser = await launchChromium();
    conference = await demoConference(stack);
    await hallOnAir(browser, conference);
    relay.exemptCurrentClients();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    relay?.close();
  });

  const levelOf = (page: Page) => page.evaluate(() => window.__lienthong!.receiveLevel);
  const communes = () => conference.sites.filter((s) => s.unit.tier === 3);

  it('steps down to the small layer under a rate cap, and to sound only under heavy loss; sound keeps coming', async () => {
    const site = await browser.newPage();
    await joinThroughDeviceCheck(site, communes()[0]!.joinUrl);
    await waitFor('frames through the relay', async () => ((await inbound(site)).videoFramesDecoded > 30 ? true : undefined), 30_000, 250);
    expect((await inbound(site)).protocol).toBe('udp');
    expect(relay.counters.forwardedDown).toBeGreaterThan(100);

    relay.set({ rateKbps: 200 });
    const capped = await waitFor(
      'a smaller picture or a lower level under 200 kbit/s',
      async () => {
        const [s, level] = [await inbound(site), await levelOf(site)];
        return (s.videoFrameWidth > 0 && s.videoFrameWidth <= 320) || level !== 'full' ? { width: s.videoFrameWidth, level } : undefined;
      },
      40_000,
      500,
    );

    relay.set({ rateKbps: null, lossPercent: 30 });
    const seen = new Set<string>();
    await waitFor(
      'sound only under 30 % loss',
      async () => {
        const level = await levelOf(site);
        seen.add(level);
        return level === 'audio' ? true : undefined;
      },
      40_000,
      250,
    );
    const a = await inbound(site);
    await new Promise((r) => setTimeout(r, 3_000));
    const b = await inbound(site);
    console.log(JSON.stringify({ event: 'weak-link-adaptation', capped200kbps: capped, levelsUnderLoss: [...seen], counters: relay.counters }));
    expect(b.audioBytesReceived).toBeGreaterThan(a.audioBytesReceived);
    relay.set(noImpairment);
    await site.close();
  });

  it('heals a network blip with an ICE restart: same consumers, no rejoin, the picture comes back', async () => {
    const site = await browser.newPage();
    await joinThroughDeviceCheck(site, communes()[2]!.joinUrl);
    await waitFor('frames through the relay', async () => ((await inbound(site)).videoFramesDecoded > 30 ? true : undefined), 30_000, 250);
    const consumersBefore = await site.evaluate(() => window.__lienthong!.consumerIds());
    relay.set({ cut: true });
    await waitFor(
      'an ICE restart during the blip',
      async () => ((await site.evaluate(() => window.__lienthong!.iceRestarts())) > 0 ? true : undefined),
      30_000,
      250,
    );
    relay.set({ cut: false });
    const framesAtRestore = (await inbound(site)).videoFramesDecoded;
    await waitFor('the picture again', async () => ((await inbound(site)).videoFramesDecoded > framesAtRestore + 30 ? true : undefined), 30_000, 250);
    // Healed in place: the same consumers on the same transport, never a new join.
    expect(await site.evaluate(() => window.__lienthong!.consumerIds())).toEqual(consumersBefore);
    console.log(JSON.stringify({ event: 'blip-healed', iceRestarts: await site.evaluate(() => window.__lienthong!.iceRestarts()) }));
    relay.set(noImpairment);
    await site.close();
  });

  it('connects over TCP when UDP is blocked, and the program plays', async () => {
    relay.set({ blockUdp: true });
    const site = await browser.newPage();
    await joinThroughDeviceCheck(site, communes()[1]!.joinUrl);
    await waitFor('frames over TCP', async () => ((await inbound(site)).videoFramesDecoded > 30 ? true : undefined), 40_000, 250);
    expect((await inbound(site)).protocol).toBe('tcp');
    expect(relay.counters.droppedUp).toBeGreaterThan(0);
    relay.set(noImpairment);
    await site.close();
  });
});
