import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { seriousViolations } from '@lienthong/testing/accessibility';
import { deskContext, useBrowserStack } from '@lienthong/testing/browser-stack';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';

/**
 * A new operator's first hour on a fresh stack (demo seed, no media nodes: nothing here needs a
 * picture), as the operator-chair issue tells it: the landing page leads to the console and the
 * replay library; a title of spaces and an end before the start are refused next to their fields
 * in the page's words (Vietnamese, then English); scheduling over the demo conference names it,
 * its sites and the way out, and "end it and schedule" does both; the live page says "not yet
 * joined" with each tile's unit path, finds any site to mute and to send a notice to alone, and
 * after the end says "ended" with its controls gone; a site's not-open page is readable; the
 * attendance table fits 1366 px.
 * Every page passes axe-core's WCAG A/AA rules with no serious or critical violation.
 * With SCREENSHOTS_DIR set, each step is saved there at 1366x768 and 1920x1080.
 */
describe("the operator's first hour: no dead ends, every page readable", () => {
  const env = useBrowserStack();
  const password = 'mật khẩu điều hành trung ương';
  const shots = process.env.SCREENSHOTS_DIR;
  // The page's words (web-viewer/src/i18n; the root project cannot import that code, which is bundled by Vite).
  const words = {
    endBeforeStart: 'Giờ kết thúc phải sau giờ bắt đầu.',
    titleInvalid: 'Hãy nhập tên (không để trống, không chỉ có dấu cách, tối đa 300 ký tự).',
    titleInvalidEn: 'Enter a title (not empty, not only spaces, at most 300 characters).',
    badRequestEn: 'Some information is not valid',
    notJoined: 'Chưa vào hội nghị',
    didNotJoin: 'Không tham dự',
    noResults: 'Không tìm thấy.',
    muted: 'Đã tắt micrô',
    joinWhenOpenEn: 'Join when it opens',
  };

  beforeAll(async () => {
    await createOperator(env.stack, { username: 'tw.dieu.hanh', password, displayName: 'Điều hành Trung ương', unitId: env.unitIds.TW! });
    if (shots) await mkdir(shots, { recursive: true });
  });

  const newContext = () => deskContext(env.browser);

  /** No serious or critical accessibility finding on the page as it stands; then its screenshots. */
  async function check(page: Page, name: string, focus?: Locator): Promise<void> {
    await focus?.scrollIntoViewIfNeeded();
    // Soft: one run lists every page's findings.
    expect.soft(await seriousViolations(page), `${name}: axe-core`).toEqual([]);
    if (!shots) return;
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await focus?.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);

  it('lands, logs in, is told exactly what is wrong, schedules over the demo, runs and ends the conference', async () => {
    const context = await newContext();
    // Every unit path the pages ever render, however briefly: codes ("DN › Xã Hòa Bắc") must never
    // show, not even before the units' names arrive.
    await context.addInitScript(() => {
      const shown: string[] = [];
      (window as Window & { unitCodesShown?: string[] }).unitCodesShown = shown;
      const inCodes = /(^|\s)[A-Z]{2,}(-[A-Z0-9]+)* › /;
      const look = (node: Node) => {
        const text = node.textContent ?? '';
        if (inCodes.test(text)) shown.push(text.slice(0, 120));
      };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'characterData') look(r.target);
          r.addedNodes.forEach(look);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    // The landing page: the console and the replay library are one click away.
    await page.goto(env.stack.url);
    await page.getByTestId('landing-replay').waitFor();
    await check(page, 'landing');
    await page.goto(`${env.stack.url}/console`);
    await page.getByLabel('Tên đăng nhập').waitFor();
    await check(page, 'console-login');
    await logInToConsole(page, env.stack.url, 'tw.dieu.hanh', password);
    expect(await page.getByTestId('nav-replay').getAttribute('href')).toBe('/replay');

    // The people of the operator's subtree.
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-table').locator('tbody tr').first().waitFor();
    await check(page, 'console-people');

    // The unit tree: sites carry a neutral mark, not a red dot that reads as an error.
    await page.getByTestId('nav-units').click();
    await page.getByTestId('unit-tree').waitFor();
    await check(page, 'console-units');

    // A title of spaces and an end before the start: each refused next to its field, in words.
    await page.getByTestId('nav-conferences').click();
    await check(page, 'console-conferences');
    await page.getByTestId('new-conference').click();
    const form = page.getByTestId('conference-form');
    await waitFor('the hall to be offered', async () => ((await form.locator('select[name="origin"]').inputValue()) ? true : undefined));
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await form.locator('input[name="title"]').fill('   ');
    await form.locator('input[name="start"]').fill(local(start));
    await form.locator('input[name="end"]').fill(local(new Date(start.getTime() - 3_600_000)));
    await form.getByTestId('rule-unit-picker').getByRole('searchbox').fill('Trung ương');
    await form.getByTestId('rule-unit-picker').getByRole('button', { name: /Văn phòng Trung ương/ }).click();
    await form.getByTestId('submit-conference').click();
    await expect(page.getByTestId('conference-scheduledEnd-error').innerText()).resolves.toContain(words.endBeforeStart);
    await check(page, 'console-form-end-before-start');

    await form.locator('input[name="end"]').fill(local(new Date(start.getTime() + 2 * 3_600_000)));
    await form.getByTestId('submit-conference').click();
    await expect(page.getByTestId('conference-title-error').innerText()).resolves.toContain(words.titleInvalid);
    // The earlier complaint is gone once the end is right.
    expect(await page.getByTestId('conference-scheduledEnd-error').count()).toBe(0);
    expect(await form.locator('input[name="title"]').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'console-form-title-spaces');

    // Over the demo conference: it is named with its sites, and ending it schedules this one.
    await form.locator('input[name="title"]').fill('Hội nghị giao ban đầu tiên');
    await form.getByTestId('submit-conference').click();
    const clash = page.getByTestId('schedule-clash');
    await clash.waitFor();
    expect(await clash.getAttribute('data-conference-id')).toBe(env.stack.seed.conferenceId);
    const clashText = await clash.innerText();
    expect(clashText).toContain('Hội nghị trực tuyến toàn quốc (demo)');
    expect(clashText).toContain('Hội trường Trung ương');
    expect(await clash.getByTestId('clash-sites').innerText()).toMatch(/^15 điểm cầu .* và 5 điểm cầu khác\.$/);
    await check(page, 'console-schedule-clash', clash);
    await clash.getByTestId('end-conference').click();
    const conferencePage = page.getByTestId('conference-page');
    await conferencePage.waitFor({ timeout: 15_000 });
    const conferenceId = (await conferencePage.getAttribute('data-conference-id'))!;
    await expect(env.db.prisma.conference.findUniqueOrThrow({ where: { id: env.stack.seed.conferenceId } })).resolves.toMatchObject({ status: 'ended' });
    // Every time says its zone; sites say where they sit in names, not in unit codes.
    expect(await conferencePage.innerText()).toMatch(/\d\d:\d\d \d\d\/\d\d\/\d{4} \(GMT\+7\) – \d\d:\d\d \d\d\/\d\d\/\d{4} \(GMT\+7\)/);
    const hallRow = page.getByTestId('participants').locator('tr[data-site-code="DC-DN-HV-HB"] td').nth(2);
    // The rows come with the ancestors' names: never codes first.
    const inNames = 'Thành phố Đà Nẵng › Xã Hòa Bắc';
    expect(await hallRow.innerText()).toBe(inNames);
    expect(await page.evaluate(() => (window as Window & { unitCodesShown?: string[] }).unitCodesShown)).toEqual([]);
    await check(page, 'console-conference');

    // The live page, once the scheduler opens it: nobody has joined yet, and tiles say so.
    await waitFor('the conference to open', async () => ((await env.db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).status === 'open' ? true : undefined), 30_000);
    await page.goto(`${env.stack.url}/console/conferences/${conferenceId}/live`);
    const hoaBac = page.getByTestId('live-grid').locator('[data-presence="notJoined"]').filter({ hasText: 'Xã Hòa Bắc' });
    await hoaBac.waitFor({ timeout: 15_000 });
    expect(await hoaBac.innerText()).toContain(words.notJoined);
    expect(await hoaBac.getByTestId('tile-unit-path').innerText()).toBe(inNames);
    expect(await page.evaluate(() => (window as Window & { unitCodesShown?: string[] }).unitCodesShown)).toEqual([]);
    expect(await hoaBac.getByTestId('tile-unit-path').getAttribute('title')).toBe('Thành phố Đà Nẵng › Huyện Hòa Vang › Xã Hòa Bắc');
    expect(await page.getByTestId('live-grid').locator('[data-presence="lost"]').count()).toBe(0);
    // Any site, found by name: muted from the page itself; the hall is never offered.
    const picker = page.getByTestId('stage-site-picker');
    await picker.getByRole('searchbox').fill('Hội trường');
    await expect(picker.getByText(words.noResults).waitFor()).resolves.toBeUndefined();
    await picker.getByRole('searchbox').fill('Hòa Bắc');
    await picker.getByRole('button', { name: /Xã Hòa Bắc/ }).click();
    await page.getByTestId('mute-site').click();
    await page.getByTestId('chosen-site').getByText(words.muted).waitFor();
    // A notice to that site alone, from the page: the request names it and nobody else.
    const chosenId = await page.getByTestId('chosen-site').getAttribute('data-site-id');
    const noticeForm = page.getByTestId('notice-form');
    await noticeForm.getByRole('textbox').fill('Đề nghị điểm cầu Xã Hòa Bắc kiểm tra micrô');
    await noticeForm.getByTestId('notice-to-chosen').check();
    const [sentNotice] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/conferences/${conferenceId}/notices`)),
      noticeForm.getByRole('button', { name: 'Gửi', exact: true }).click(),
    ]);
    expect(sentNotice.postDataJSON()).toEqual({ text: 'Đề nghị điểm cầu Xã Hòa Bắc kiểm tra micrô', siteIds: [chosenId] });
    await noticeForm.getByRole('status').waitFor();
    await check(page, 'console-live', page.locator('.section-head')); // back up from the notice form
    await check(page, 'console-live-opinions', page.getByTestId('opinions-panel'));

    // The end: the page says so, and nothing is left to press.
    await page.locator('.section-head').getByTestId('end-conference').click();
    await page.getByTestId('conference-ended').waitFor();
    await page.getByTestId('stage-ended').waitFor();
    expect(await page.getByTestId('tile-give-floor').count()).toBe(0);
    expect(await page.getByTestId('notice-form').count()).toBe(0);
    expect(await page.getByTestId('thumbnails-toggle').isDisabled()).toBe(true);
    // Nobody is connected after the end: a site that never came "did not join" (not "not yet joined").
    await page.getByTestId('live-grid').locator('[data-presence="notJoined"]').filter({ hasText: 'Xã Hòa Bắc' }).getByText(words.didNotJoin).waitFor({ timeout: 15_000 });
    await check(page, 'console-live-ended');

    // The ended conference's minutes, made by their job, on the conference's page.
    await page.goto(`${env.stack.url}/console/conferences/${conferenceId}`);
    const minutes = page.getByTestId('minutes-panel');
    await minutes.waitFor({ timeout: 15_000 });
    await waitFor('the minutes to be made', async () => ((await minutes.getAttribute('data-state')) === 'ready' ? true : undefined), 60_000);
    expect(await minutes.innerText()).toContain('(GMT+7)');
    await check(page, 'console-minutes', minutes);

    // Attendance: the whole table within 1366 px.
    await page.goto(`${env.stack.url}/console/conferences/${conferenceId}/attendance`);
    const table = page.getByTestId('attendance-table');
    await table.waitFor();
    const fits = await table.evaluate((t) => t.scrollWidth <= t.clientWidth + 1);
    expect(fits).toBe(true);
    await check(page, 'console-attendance');

    // The replay library's own page.
    await page.goto(`${env.stack.url}/replay`);
    await page.locator('input[type="password"]').waitFor();
    await check(page, 'replay-login');
    await context.close();
  }, 240_000);

  it("says the same in English, and a site's not-open page is readable", async () => {
    const context = await newContext();
    await context.addInitScript(() => localStorage.setItem('lienthong.language', 'en'));
    const page = await context.newPage();
    await page.goto(`${env.stack.url}/console`);
    await page.getByLabel('Username').fill('tw.dieu.hanh');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('nav-units').waitFor();
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-table').locator('tbody tr').first().waitFor();
    await check(page, 'console-people-en');
    await page.getByTestId('nav-conferences').click();
    await page.getByTestId('new-conference').click();
    const form = page.getByTestId('conference-form');
    await waitFor('the hall to be offered', async () => ((await form.locator('select[name="origin"]').inputValue()) ? true : undefined));
    // Tomorrow at 08:00: not open yet for its sites.
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const start = new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 1));
    await form.locator('input[name="title"]').fill('  ');
    await form.locator('input[name="start"]').fill(local(start));
    await form.locator('input[name="end"]').fill(local(new Date(start.getTime() + 3_600_000)));
    await form.getByTestId('rule-unit-picker').getByRole('searchbox').fill('Đà Nẵng');
    await form.getByTestId('rule-unit-picker').getByRole('button', { name: /Thành phố Đà Nẵng/ }).click();
    // The browser draws the fields in its own locale (an English Chrome: "12/06/2026, 08:00 AM"); the page says it its way too.
    const inWords = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'long', year: 'numeric' }).format(start);
    await expect(form.getByTestId('start-echo').innerText()).resolves.toMatch(new RegExp(`^= 08:00, \\w+,? ${inWords} \\(GMT\\+7\\)$`));
    await form.getByTestId('submit-conference').click();
    await expect(page.getByTestId('conference-title-error').innerText()).resolves.toContain(words.titleInvalidEn);
    expect(await form.getByRole('alert').filter({ hasText: words.badRequestEn }).count()).toBe(1);
    await check(page, 'console-form-title-spaces-en');
    await form.locator('input[name="title"]').fill('Briefing for Đà Nẵng');
    await form.getByTestId('submit-conference').click();
    await page.getByTestId('conference-page').waitFor({ timeout: 15_000 });
    await check(page, 'console-conference-en');

    // The printed list's first link opens the site's page: not open yet, with a readable countdown.
    await page.getByTestId('print-sites').click();
    await page.locator('.print-site img.qr').first().waitFor();
    await check(page, 'console-print-sites-en');
    const joinUrl = (await page.locator('.print-site img.qr').first().getAttribute('data-qr'))!;
    const site = await context.newPage();
    await site.goto(joinUrl);
    await site.getByTestId('countdown').waitFor({ timeout: 15_000 });
    await expect(site.getByTestId('join-button').innerText()).resolves.toBe(words.joinWhenOpenEn);
    await check(site, 'site-not-open-en');
    await context.close();
  }, 180_000);
});
