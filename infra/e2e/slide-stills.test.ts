import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { screenshotForDocs, vietnamesePage } from '@lienthong/testing/screens';
import { demoConference, joinThroughDeviceCheck, siteState, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * Slide stills for a site on sound only, in real Chromium over two media nodes: a commune on
 * node-2 switches to "audio only" before the hall (node-1) shares its screen (Chromium's fake
 * capture, a moving test pattern). The commune's node keeps the presentation consumer paused; the
 * page resumes it on the half-size layer until a frame decodes, then pauses it again: the slide
 * shows as a still that changes from one still to the next. Back to the picture, the slides move
 * again. Figures (frames and bytes per still) go out as one JSON line, never asserted.
 */
describe('slide stills on sound only', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(20400, 40), { port: 20490 });
    [browser, conference] = await Promise.all([launchChromium(), demoConference(stack)]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const presentationStats = (page: Page) => page.evaluate(() => window.__lienthong!.presentationStats());
  const stills = (page: Page) => page.evaluate(() => window.__lienthong!.slideStills());
  /** A fingerprint of the picture the slides' <video> holds now (its pixels, drawn small). */
  const picture = (page: Page) =>
    page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="presentation-video"]');
      if (!video || video.videoWidth === 0) return null;
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 36;
      const context = canvas.getContext('2d')!;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let hash = 0;
      for (let i = 0; i < pixels.length; i += 1) hash = (Math.imul(hash, 31) + pixels[i]!) | 0;
      return { hash, width: video.videoWidth };
    });

  it('gives a commune on sound only a still of the slide that changes, and the moving slides back after', async () => {
    const hallSite = conference.sites.find((s) => s.isOrigin)!;
    const communeSeed = stack.seed.sites.find((s) => s.unitCode.startsWith('HN-') && s.unitCode.split('-').length === 3)!;
    const commune = conference.sites.find((s) => s.id === communeSeed.id)!;
    const joined = async (joinUrl: string, delegates: number) => {
      const page = await vietnamesePage(browser);
      await joinThroughDeviceCheck(page, joinUrl, { delegates });
      await waitFor('the site to receive', async () => ((await siteState(page)) === 'receiving' ? true : undefined), 30_000);
      return page;
    };
    const [hall, site] = await Promise.all([joined(hallSite.joinUrl, 250), joined(commune.joinUrl, 60)]);
    const logs: string[] = [];
    site.on('console', (m) => logs.push(`commune: ${m.text()}`));
    onTestFailed(async () => {
      console.log(JSON.stringify({ stills: await stills(site), got: await presentationStats(site), level: await site.evaluate(() => window.__lienthong?.receiveLevel) }));
      console.log([...logs, ...stack.logs.filter((l) => /WARN|ERROR/.test(l))].slice(-40).join('\n'));
    });

    // The commune on sound only, by hand (the adaptation off: a blip must not change the level).
    await site.getByTestId('automatic').click();
    await site.getByTestId('audio-only').click();
    await waitFor('sound only', async () => ((await site.evaluate(() => window.__lienthong?.receiveLevel)) === 'audio' ? true : undefined), 10_000, 100);

    await hall.getByTestId('share-screen').click();
    await hall.getByTestId('presenting').waitFor();

    // The first still comes without any picture before it; the slide is labelled as a still.
    await waitFor('a first still', async () => ((await stills(site)) >= 1 ? true : undefined), 30_000, 250);
    await site.getByTestId('presentation-still').waitFor();
    const first = await waitFor('the still on screen', () => picture(site).then((p) => p ?? undefined), 10_000, 100);
    const atFirst = (await presentationStats(site))!;
    const firstStills = await stills(site);

    // Later stills show the pattern as it moved on: the picture on screen changes.
    const changed = await waitFor('a changed still', async () => {
      const now = await picture(site);
      return now && now.hash !== first.hash && (await stills(site)) > firstStills ? now : undefined;
    }, 60_000, 500);
    const laterStills = await waitFor('two more stills', async () => {
      const n = await stills(site);
      return n >= firstStills + 2 ? n : undefined;
    }, 60_000, 250);
    const atLater = (await presentationStats(site))!;
    // The still is the half-size layer (the full one is the screen as captured, 1280 wide).
    const sent = await hall.evaluate(() => window.__lienthong!.presentationSent());
    const small = Math.min(...sent.map((l) => l.width));
    expect(changed.width).toBe(small);
    expect(await site.getByTestId('presentation').getAttribute('data-still')).toBe('true');
    // Sound went on meanwhile: the speaker's audio kept arriving.
    const audioBefore = (await site.evaluate(() => window.__lienthong!.inboundStats())).audioPacketsReceived;
    await waitFor('the sound going on', async () => ((await site.evaluate(() => window.__lienthong!.inboundStats())).audioPacketsReceived > audioBefore ? true : undefined), 10_000, 250);
    await screenshotForDocs(site, 'site-presentation-still.png');

    // Back to the picture: the slides move again and are no longer a still.
    await site.getByTestId('audio-only').click();
    const resumed = (await presentationStats(site))!.videoFramesDecoded;
    await waitFor('moving slides again', async () => ((await presentationStats(site))!.videoFramesDecoded >= resumed + 10 ? true : undefined), 30_000, 250);
    await site.getByTestId('presentation-still').waitFor({ state: 'detached' });

    const perStill = (a: number, b: number) => Math.round(((b - a) / (laterStills - firstStills)) * 10) / 10;
    console.log(
      JSON.stringify({
        event: 'slide-stills',
        stills: laterStills,
        framesPerStill: perStill(atFirst.videoFramesDecoded, atLater.videoFramesDecoded),
        kbytesPerStill: perStill(atFirst.videoBytesReceived / 1000, atLater.videoBytesReceived / 1000),
        stillSize: { width: atLater.videoFrameWidth, height: atLater.videoFrameHeight },
      }),
    );
  });
});
