import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { screenshotForDocs, vietnamesePage } from '@lienthong/testing/screens';
import { demoConference, joinThroughDeviceCheck, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * A vote by delegates in real Chromium: the secretariat opens it in the live console; three sites
 * (two wards of Hà Nội, one of Đà Nẵng) enter their counts on their pages; the console's tally
 * adds up per province; a count above a site's delegates present is refused with the words of
 * the error catalogue; a site corrects its counts from its page (a zero among its first counts
 * once made the tally's Redis script fail) and the tally moves by the difference, counted once;
 * closed, the results show on every site. With SCREENSHOTS_DIR set, the site's and the console's
 * screens are saved.
 */
const operatorPassword = 'mật-khẩu-thư-ký-biểu-quyết';

describe('a vote in the browser', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(20252, 12), { port: 20201 });
    [browser, conference] = await Promise.all([launchChromium(), demoConference(stack)]);
    await createOperator(stack, { username: 'thu.ky.bq', password: operatorPassword, displayName: 'Tổ thư ký', unitId: conference.hostUnit.id });
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
  /** The totals a tally shows, per option. */
  const totals = (tally: Locator) => tally.locator('[data-testid="vote-totals"] .vote-count').allInnerTexts();
  const row = (tally: Locator, unit: string) => tally.locator(`[data-testid="vote-groups"] tr[data-unit="${unit}"] td`).allInnerTexts();
  const shows = async (what: string, read: () => Promise<unknown>, expected: unknown) => {
    await waitFor(what, async () => (JSON.stringify(await read()) === JSON.stringify(expected) ? true : undefined), 15_000, 100).catch(async (err: Error) => {
      throw new Error(`${err.message}: shows ${JSON.stringify(await read())}, expected ${JSON.stringify(expected)}`);
    });
  };

  it('adds up per unit, refuses counts above the delegates present, counts a correction from the page once, shows results on the sites', async () => {
    const secretariat = await vietnamesePage(browser);
    await logInToConsole(secretariat, stack.url, 'thu.ky.bq', operatorPassword);
    await secretariat.goto(`${stack.url}/console/conferences/${conference.id}/live`);
    const panel = secretariat.getByTestId('votes-panel');
    await panel.getByTestId('vote-form').waitFor({ timeout: 20_000 });

    const wards = [
      { unit: 'HN-BD-DB', present: 60 },
      { unit: 'HN-HK-HB', present: 45 },
      { unit: 'DN-HC-TT', present: 30 },
    ];
    const [dienBien, hangBac, thachThang] = await Promise.all(
      wards.map(async ({ unit, present }) => {
        const page = await vietnamesePage(browser);
        await joinThroughDeviceCheck(page, siteOf(unit).joinUrl, { delegates: present });
        await page.getByTestId('votes-button').waitFor({ timeout: 30_000 });
        return page;
      }),
    );

    // The secretariat opens the vote (the default options: agree, disagree, abstain).
    const question = 'Tán thành Nghị quyết Hội nghị lần thứ nhất?';
    await panel.getByTestId('vote-question').fill(question);
    await panel.getByTestId('vote-minutes').fill('10');
    await panel.getByTestId('vote-start').click();
    const consoleTally = panel.getByTestId('vote-card').first();
    await consoleTally.getByText(question).waitFor();

    // Each site's panel opens by itself on the new vote.
    const enter = async (page: Page, counts: number[]) => {
      const entry = page.getByTestId('vote-entry');
      for (const [i, n] of counts.entries()) await entry.getByTestId(`vote-count-${i}`).fill(String(n));
      await entry.getByTestId('vote-send').click();
    };
    onTestFailed(async () => {
      // The control plane's side of a refused or failed request (a Redis script error, say).
      console.log(stack.logs.filter((l) => l.includes('request failed')).join('\n'));
      for (const page of [dienBien!, hangBac!, thachThang!]) console.log(await page.getByTestId('site-votes').innerText().catch((err: Error) => err.message));
    });
    for (const page of [dienBien!, hangBac!, thachThang!]) await page.getByTestId('vote-entry').waitFor({ timeout: 15_000 });
    await enter(dienBien!, [50, 5, 5]);
    await dienBien!.getByTestId('vote-sent').getByText('Đã gửi kết quả của điểm cầu.').waitFor();

    // 50 of 45 present: said at once under the counts, and refused by the server in the catalogue's words.
    await enter(hangBac!, [30, 10, 10]);
    expect(await hangBac!.getByTestId('vote-sum').innerText()).toContain('Tổng: 50 / 45 · vượt 5 so với số đại biểu có mặt');
    const refused = hangBac!.getByTestId('vote-entry').getByRole('alert');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('DELEGATES_EXCEEDED');
    expect(await refused.innerText()).toContain('Số phiếu vượt số đại biểu có mặt');
    await screenshotForDocs(hangBac!, 'site-vote-refused.png');
    await enter(hangBac!, [30, 10, 5]);
    await hangBac!.getByTestId('vote-sent').waitFor();
    await enter(thachThang!, [20, 10, 0]);
    await thachThang!.getByTestId('vote-sent').waitFor();

    // The console: totals, and subtotals per province (Hà Nội: two wards; Đà Nẵng: one).
    await shows('the totals', () => totals(consoleTally), ['100', '25', '10']);
    await shows("Hà Nội's subtotal", async () => (await row(consoleTally, 'HN')).slice(2), ['80', '15', '10']);
    await shows("Đà Nẵng's subtotal", async () => (await row(consoleTally, 'DN')).slice(2), ['20', '10', '0']);
    // Sites voted of the unit's sites.
    expect((await row(consoleTally, 'HN'))[1]).toMatch(/^2\/\d+$/);
    expect((await row(consoleTally, 'DN'))[1]).toMatch(/^1\/\d+$/);

    // A late correction from Thạch Thang replaces its counts: the totals move by the difference.
    await enter(thachThang!, [25, 5, 0]);
    await thachThang!.getByTestId('vote-sent').getByText('Đã sửa kết quả của điểm cầu.').waitFor({ timeout: 15_000 });
    await shows('the corrected totals', () => totals(consoleTally), ['105', '20', '10']);
    await shows("Đà Nẵng's corrected subtotal", async () => (await row(consoleTally, 'DN')).slice(2), ['25', '5', '0']);
    expect((await row(consoleTally, 'DN'))[1]).toMatch(/^1\/\d+$/);
    await screenshotForDocs(secretariat, 'console-vote.png');

    // Closed: every site shows the result of the whole conference.
    await panel.getByTestId('vote-stop').click();
    await consoleTally.locator('[data-status="closed"]').waitFor();
    for (const page of [dienBien!, hangBac!, thachThang!]) {
      const tally = page.getByTestId('site-vote').first();
      await tally.locator('[data-status="closed"]').waitFor({ timeout: 15_000 });
      await shows('the result on a site', () => totals(tally), ['105', '20', '10']);
      expect(await page.getByTestId('vote-entry').count()).toBe(0);
    }
    await screenshotForDocs(thachThang!, 'site-vote.png');

    // What the server kept: three sites voted (Hàng Bạc's refused count never stored), Thạch Thang's one correction, the others silent.
    const voteId = (await consoleTally.locator('.vote-tally').getAttribute('data-vote-id'))!;
    const result = await api().call('votes.get', { params: { id: voteId } });
    expect(result.tally.totals).toEqual([105, 20, 10]);
    expect(result.tally.voted).toBe(3);
    expect(result.notVoted).toHaveLength(result.tally.expected - 3);
    const lines = (await api().call('votes.sites', { params: { id: voteId } })).rows;
    const corrections = Object.fromEntries(lines.filter((l) => l.voted === true).map((l) => [l.site, l.corrections]));
    expect(corrections).toEqual({ [siteOf('HN-BD-DB').name]: 0, [siteOf('HN-HK-HB').name]: 0, [siteOf('DN-HC-TT').name]: 1 });
  }, 180_000);
});
