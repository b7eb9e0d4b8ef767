import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { tilePreviewPlaying } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, joinThroughDeviceCheck, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * The live console in Chromium against a real stack (control plane, two SFU processes, Redis,
 * PostgreSQL): browser sites report their link once a second; the console's grid turns a site
 * green when it joins, with its place in names and its picture, and offline with an alert (and
 * no picture) when it leaves. This is the standalone page (`/console/live#token=…`), the one the
 * health bench drives; the console shell's live page is walked in console-journey.
 */
describe('live console: site health in the grid', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;
  let console: Page;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(16900));
    browser = await launchChromium();
    conference = await demoConference(stack);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const tile = (siteId: string) => console.getByTestId('live-grid').locator(`[data-site="${siteId}"]`);
  const statusOf = (siteId: string) => tile(siteId).getAttribute('data-status', { timeout: 2_000 }).catch(() => null);

  it('a site that joins turns green with its figures; one that leaves goes offline with an alert', async () => {
    console = await browser.newPage();
    await console.goto(`${stack.url}/console/live#token=${stack.operatorToken}&conference=${conference.id}`);
    const expected = conference.sites.length;
    await waitFor('the snapshot', async () => ((await console.getByTestId('sites-connected').innerText()) === `0 / ${expected}` ? true : undefined), 15_000);
    await expect(console.getByRole('heading', { name: 'Cảnh báo' }).isVisible()).resolves.toBe(true);

    const hall = await hallOnAir(browser, conference);
    // A commune on node-2, behind the pipe, filtered down to in the grid by its unit's name.
    const commune = conference.sites.find((s) => s.unit.tier === 3 && !s.isOrigin)!;
    const site = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(site, commune.joinUrl, { delegates: 35 });
    await console.getByPlaceholder('Tên hoặc mã đơn vị').fill(commune.unit.name);
    await waitFor('the commune green in the grid', async () => ((await statusOf(commune.id)) === 'ok' ? true : undefined), 30_000);
    await waitFor('the program reaching it', async () => (/[1-9]\d* kbit\/s/.test(await tile(commune.id).innerText()) ? true : undefined), 20_000);
    // Its place in names, province first (many communes share a name), never the units' codes ("DN › …").
    const provinces = new Set(conference.sites.filter((s) => s.unit.tier === 1).map((s) => s.unit.name));
    const place = await tile(commune.id).getByTestId('tile-unit-path').innerText();
    const [province, own] = place.split(' › ');
    expect(provinces.has(province!), `"${place}" starts with a province's name`).toBe(true);
    expect(own).toBe(commune.unit.name);
    await tilePreviewPlaying(console, commune.id);
    await waitFor('counts with both sites', async () => ((await console.getByTestId('sites-connected').innerText()) === `2 / ${expected}` ? true : undefined));
    expect(await console.getByTestId('delegates-reported').innerText()).toBe('285'); // the hall's 250 + 35

    // The table shows the same site with its delegates and link profile.
    await console.getByRole('button', { name: 'Bảng' }).click();
    const row = console.getByTestId('live-table').locator(`[data-site="${commune.id}"]`);
    await waitFor('the table row', async () => ((await row.getAttribute('data-status')) === 'ok' ? true : undefined));
    expect(await row.innerText()).toContain('35');
    expect(await row.innerText()).toContain('Đang kết nối');
    await console.getByRole('button', { name: 'Lưới' }).click();

    await site.close();
    // The moment the tile says the site is gone, its picture is gone too: the node keeps a closed
    // page's camera for the resume grace, and its last frame must not sit on a tile marked lost.
    const gone = await waitFor('the commune offline', async () => {
      const seen = await tile(commune.id)
        .evaluate((t) => ({ status: t.getAttribute('data-status'), presence: t.getAttribute('data-presence'), picture: !!t.querySelector('video') }), undefined, { timeout: 2_000 })
        .catch(() => null);
      return seen?.status === 'offline' ? seen : undefined;
    }, 20_000);
    expect(gone).toEqual({ status: 'offline', presence: 'lost', picture: false });
    const alert = console.getByTestId('live-alerts').locator(`[data-site="${commune.id}"][data-kind="dropped"]`);
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toContain(commune.name);
    // "Problems only" keeps the offline commune.
    await console.getByLabel('Chỉ điểm cầu có vấn đề').check();
    await waitFor('the commune under problems only', async () => ((await statusOf(commune.id)) === 'offline' ? true : undefined));
    await hall.close();
  });
});
