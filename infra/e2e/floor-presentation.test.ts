import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, joinThroughDeviceCheck, siteState, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * The floor holder presents, in real Chromium: a ward of Hà Nội is given the floor, shares its
 * screen (Chromium's fake screen capture), and a ward of Đà Nẵng and the hall decode it beside the
 * floor holder's picture; a site off the floor has no share button; taking the floor back takes
 * the screen out everywhere.
 */
describe('the floor holder presents', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(20276, 12), { port: 20202 });
    [browser, conference] = await Promise.all([launchChromium(), demoConference(stack)]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const api = () => operatorApi(stack);
  const siteOf = (unitCode: string) => {
    const seeded = stack.seed.sites.find((s) => s.unitCode === unitCode)!;
    return conference.sites.find((s) => s.id === seeded.id)!;
  };
  const joined = async (joinUrl: string, delegates: number) => {
    const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 768 } })).newPage();
    await joinThroughDeviceCheck(page, joinUrl, { delegates });
    await waitFor('the site to receive', async () => ((await siteState(page)) === 'receiving' ? true : undefined), 30_000);
    return page;
  };
  const presentationFrames = (page: Page) => page.evaluate(async () => (await window.__lienthong!.presentationStats())?.videoFramesDecoded ?? 0);
  const shownPresentation = (page: Page) => page.evaluate(() => window.__lienthong?.presentation ?? null);

  it('goes from the floor site to the other sites beside its picture, and away with the floor', async () => {
    const presenter = siteOf('HN-BD-DB');
    const other = siteOf('DN-HC-TT');
    const [hall, floor, listener] = await Promise.all([joined(conference.sites.find((s) => s.isOrigin)!.joinUrl, 250), joined(presenter.joinUrl, 60), joined(other.joinUrl, 40)]);
    // Off the floor: nothing to share with.
    expect(await floor.getByTestId('share-screen').count()).toBe(0);

    await api().call('conferences.giveFloor', { params: { id: conference.id }, body: { siteId: presenter.id } });
    await floor.getByTestId('on-floor').waitFor({ timeout: 30_000 });
    await floor.getByTestId('share-screen').click();
    await floor.getByTestId('presenting').waitFor();

    // The other ward and the hall decode it, frames growing; the ward shows it beside the speaker.
    for (const [name, page] of [['the other ward', listener], ['the hall', hall]] as const) {
      const first = await waitFor(`presentation frames on ${name}`, async () => {
        const n = await presentationFrames(page);
        return n > 0 ? n : undefined;
      }, 30_000, 100);
      await waitFor(`more presentation frames on ${name}`, async () => ((await presentationFrames(page)) >= first + 10 ? true : undefined), 30_000, 250);
      expect(await shownPresentation(page)).toBe(presenter.name);
    }
    expect(await listener.getByTestId('presentation').innerText()).toContain(`Trình chiếu: ${presenter.name}`);
    const slides = (await listener.getByTestId('presentation-video').boundingBox())!;
    const speaker = (await listener.getByTestId('program-video').boundingBox())!;
    expect(slides.x + slides.width).toBeLessThanOrEqual(speaker.x);
    expect((await api().call('conferences.stage', { params: { id: conference.id } })).presentation?.siteId).toBe(presenter.id);
    // The ward decodes it on node-2, the hall on node-1: it went up to the origin and down the cascade.
    const paths = await api().call('conferences.mediaPath', { params: { id: conference.id } });
    expect(paths.items.find((p) => p.siteId === other.id)!.nodeId).toBe('node-2');
    expect(paths.items.find((p) => p.siteId === conference.sites.find((s) => s.isOrigin)!.id)!.nodeId).toBe('node-1');

    // The floor taken back: the screen leaves with it, everywhere.
    await api().call('conferences.giveFloor', { params: { id: conference.id }, body: { siteId: null } });
    await listener.getByTestId('presentation').waitFor({ state: 'detached', timeout: 15_000 });
    await hall.getByTestId('presentation').waitFor({ state: 'detached', timeout: 15_000 });
    await floor.getByTestId('share-screen').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await shownPresentation(listener)).toBeNull();
    expect((await api().call('conferences.stage', { params: { id: conference.id } })).presentation).toBeNull();
  }, 180_000);
});
