import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { joinThroughDeviceCheck, withJoinUrls } from '@lienthong/testing/site-page';
import { demoNodes } from '../local/stack.js';
import { startScratchStack } from '@lienthong/testing/scratch-stack';

/**
 * The walking skeleton, end to end: the central hall publishes its (fake) camera from Chromium on
 * node-1; a commune site in another Chromium page is placed on node-2 and plays the program, which
 * reaches node-2 only through a PipeTransport between the two node processes.
 */
describe('hall on node-1 to a commune site on node-2 through a cross-process pipe', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(11000));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const api = () => operatorApi(stack);
  const stateOf = (page: Page) => page.evaluate(() => window.__lienthong?.state);
  const inbound = (page: Page) =>
    page.evaluate(
      () =>
        window.__lienthong!.inboundStats() as Promise<{
          videoFramesDecoded: number;
          audioPacketsReceived: number;
        }>,
    );

  it('plays the hall on the commune site, and the commune site consumes a pipe producer', async () => {
    const conference = await withJoinUrls(stack, await api().call('conferences.get', { params: { id: stack.seed.conferenceId } }));
    const hall = conference.sites.find((s) => s.isOrigin)!;
    // A commune (tier 3) under Hà Nội, the province node-2 serves.
    const communeSeed = stack.seed.sites.find((s) => s.unitCode.startsWith('HN-') && s.unitCode.split('-').length === 3)!;
    const commune = conference.sites.find((s) => s.id === communeSeed.id)!;
    expect(commune.unit.tier).toBe(3);
    expect(hall).toBeDefined();
    expect(commune).toBeDefined();

    // Closed networks: anything the page tried to load from elsewhere would show as a CSP violation.
    const violations: string[] = [];
    const watch = (page: Page) =>
      page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    const hallPage = await browser.newPage();
    watch(hallPage);
    await joinThroughDeviceCheck(hallPage, hall.joinUrl);
    await waitFor('the hall to join and publish', async () => ((await stateOf(hallPage)) === 'receiving' ? true : undefined), 30_000);

    const sitePage = await browser.newPage();
    watch(sitePage);
    await joinThroughDeviceCheck(sitePage, commune.joinUrl);
    await waitFor('the commune site to receive', async () => ((await stateOf(sitePage)) === 'receiving' ? true : undefined), 30_000);

    const first = await waitFor(
      'decoded video frames and audio packets on the commune site',
      async () => {
        const s = await inbound(sitePage);
        return s.videoFramesDecoded > 0 && s.audioPacketsReceived > 0 ? s : undefined;
      },
      30_000,
      250,
    );
    const later = await waitFor(
      'more frames and packets',
      async () => {
        const s = await inbound(sitePage);
        return s.videoFramesDecoded > first.videoFramesDecoded + 20 && s.audioPacketsReceived > first.audioPacketsReceived + 20
          ? s
          : undefined;
      },
      20_000,
      250,
    );
    expect(later.videoFramesDecoded).toBeGreaterThan(first.videoFramesDecoded);
    expect(violations).toEqual([]);

    // The path really crossed the pipe: the site is on node-2, the hall on node-1, and every
    // consumer of the site is fed by a pipe producer on node-2.
    const paths = await api().call('conferences.mediaPath', { params: { id: stack.seed.conferenceId } });
    const sitePath = paths.items.find((p) => p.siteId === commune.id)!;
    const hallPath = paths.items.find((p) => p.siteId === hall.id)!;
    expect(hallPath.nodeId).toBe('node-1');
    expect(sitePath.nodeId).toBe('node-2');
    expect(sitePath.consumers.map((c) => c.kind).sort()).toEqual(['audio', 'video']);
    for (const c of sitePath.consumers) expect(c.producerOrigin).toBe('pipe');
    // The hall's own preview on node-1 consumes the original, not a pipe copy.
    expect(hallPath.consumers.length).toBeGreaterThan(0);
    for (const c of hallPath.consumers) expect(c.producerOrigin).toBe('webrtc');

    const detail = await api().call('conferences.get', { params: { id: stack.seed.conferenceId } });
    expect(detail.sites.find((s) => s.id === commune.id)).toMatchObject({ connected: true, nodeId: 'node-2' });
  });

  it('shows a site with a forged token a clear screen, and places nothing', async () => {
    const present = async () =>
      (await api().call('conferences.mediaPath', { params: { id: stack.seed.conferenceId } })).items.length;
    const before = await present();
    const page = await browser.newPage();
    await page.goto(`${stack.url}/join#token=forged.token.value`);
    await waitFor('the refusal screen', async () => ((await stateOf(page)) === 'error:UNAUTHENTICATED' ? true : undefined), 15_000);
    await expect(page.getByText('Mã truy cập không hợp lệ').first().isVisible()).resolves.toBe(true);
    expect(await present()).toBe(before);
    const refusals = stack.logs.filter((l) => l.includes('connection refused') && l.includes('UNAUTHENTICATED'));
    expect(refusals.length).toBeGreaterThan(0);
    await page.close();
  });

  it('a second PC opening the same site is asked, takes over once confirmed; the first one is told and stops', async () => {
    const conference = await withJoinUrls(stack, await api().call('conferences.get', { params: { id: stack.seed.conferenceId } }));
    const site = conference.sites.find((s) => s.unit.tier === 2)!;
    // Separate browser contexts: two machines, so no tab-to-tab channel can settle it locally.
    const first = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(first, site.joinUrl);
    await waitFor('the first PC to receive', async () => ((await stateOf(first)) === 'receiving' ? true : undefined), 30_000);
    const second = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(second, site.joinUrl);
    // The site is live on the first PC: the second one asks before taking it.
    await waitFor('the takeover question', async () => ((await stateOf(second)) === 'error:SITE_IN_USE' ? true : undefined), 15_000);
    expect(await second.getByTestId('take-over-question').textContent()).toContain('Điểm cầu đang kết nối trên máy khác — tiếp quản?');
    expect(await stateOf(first)).toBe('receiving');
    await second.getByTestId('confirm-take-over').click();
    await waitFor('the second PC to receive', async () => ((await stateOf(second)) === 'receiving' ? true : undefined), 30_000);
    await waitFor('the first PC to step aside', async () => ((await stateOf(first)) === 'error:SESSION_REPLACED' ? true : undefined), 10_000);
    // It stays aside rather than taking the site back.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await stateOf(first)).toBe('error:SESSION_REPLACED');
    expect(await stateOf(second)).toBe('receiving');
    await first.context().close();
    await second.context().close();
  });
});

