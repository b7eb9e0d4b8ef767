import { parse as parseCsv } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { joinThroughDeviceCheck, siteState } from '@lienthong/testing/site-page';

/**
 * The operator's whole journey in one go, as the console issue tells it, with real media: a
 * province's operator logs in, schedules a conference for its subtree starting now (the
 * scheduler opens it), takes the join links from the printable list, and three browser sites
 * join; on the live page a site turns green, is given the floor from its tile and a second site's
 * program switches to it; the floor is taken back; the attendance export lists the three sites
 * as they attended. Ports 17400-17599.
 */
describe('operator journey: schedule, run, give the floor, export attendance', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let db: Database;
  const password = 'mật khẩu điều hành tỉnh 2026';
  const names: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(17400));
    db = await openDatabase({ databaseUrl: stack.databaseUrl });
    for (const u of await db.prisma.unit.findMany()) ids[u.code] = u.id;
    for (const s of await db.prisma.site.findMany()) [ids[s.code], names[s.code]] = [s.id, s.name];
    await createOperator(stack, { username: 'hn.dieu.hanh', password, displayName: 'Điều hành Hà Nội', unitId: ids.HN! });
    // The demo conference holds every site now: end it, so the new one does not clash.
    await operatorApi(stack).call('conferences.end', { params: { id: stack.seed.conferenceId } });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await stack?.stop();
  });

  const speakerOn = (page: Page) => page.getByTestId('program-speaker').innerText().catch(() => '');
  const shows = (page: Page, name: string) => async () => ((await speakerOn(page)).includes(name) ? true : undefined);

  it('schedules a conference for its subtree, runs it live with three browser sites, and exports their attendance', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    const console = await context.newPage();
    await console.setViewportSize({ width: 1600, height: 1000 });
    await logInToConsole(console, stack.url, 'hn.dieu.hanh', password);

    // Schedule: Hà Nội's subtree down to the district tier, from this minute for two hours.
    const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await console.getByTestId('nav-conferences').click();
    await console.getByTestId('new-conference').click();
    const form = console.getByTestId('conference-form');
    await form.getByLabel('Tên hội nghị').fill('Giao ban trực tuyến Hà Nội');
    await waitFor('the hall to be offered', async () => ((await form.locator('select[name="origin"]').inputValue()) === ids['DC-HN'] ? true : undefined));
    await form.locator('input[name="start"]').fill(local(start));
    await form.locator('input[name="end"]').fill(local(new Date(start.getTime() + 2 * 3_600_000)));
    await form.getByTestId('rule-unit-picker').getByRole('searchbox').fill('Hà Nội');
    await form.getByTestId('rule-unit-picker').getByRole('button', { name: /Thành phố Hà Nội/ }).click();
    await form.getByTestId('rule-tier').selectOption({ label: 'Quận/Huyện' });
    await form.getByTestId('submit-conference').click();
    const conferencePage = console.getByTestId('conference-page');
    await conferencePage.waitFor({ timeout: 15_000 });
    const conferenceId = (await conferencePage.getAttribute('data-conference-id'))!;
    await expect(console.getByTestId('site-count').innerText()).resolves.toBe('3 điểm cầu');
    // Its start is now: the scheduler's job opens it.
    await waitFor('the conference to open', async () => ((await db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).status === 'open' ? true : undefined), 30_000);

    // The join links, from the printable list the operator hands out.
    await console.getByTestId('print-sites').click();
    await console.locator('.print-site img.qr').nth(2).waitFor();
    const joinUrl = async (code: string) => (await console.locator(`.print-site[data-site-code="${code}"] img.qr`).getAttribute('data-qr'))!;
    const [hallUrl, speakerUrl, listenerUrl] = [await joinUrl('DC-HN'), await joinUrl('DC-HN-BD'), await joinUrl('DC-HN-HK')];

    const sitePage = async () => (await browser.newContext()).newPage();
    const [hall, speaker, listener] = [await sitePage(), await sitePage(), await sitePage()];
    await joinThroughDeviceCheck(hall, hallUrl, { delegates: 120 });
    await joinThroughDeviceCheck(speaker, speakerUrl, { delegates: 45 });
    await joinThroughDeviceCheck(listener, listenerUrl, { delegates: 38 });
    for (const page of [hall, speaker, listener])
      await waitFor('a site receiving the program', async () => ((await siteState(page)) === 'receiving' ? true : undefined), 30_000);
    await waitFor('the hall on the listener', shows(listener, names['DC-HN']!), 30_000);

    // The live page: the speaker's tile turns green; the floor is given from it.
    await console.goto(`${stack.url}/console/conferences/${conferenceId}/live`);
    const tile = console.getByTestId('live-grid').locator(`[data-site="${ids['DC-HN-BD']}"]`);
    await waitFor('the speaker green in the grid', async () => ((await tile.getAttribute('data-status', { timeout: 2_000 }).catch(() => null)) === 'ok' ? true : undefined), 30_000);
    await tile.getByTestId('tile-give-floor').click();
    await console.getByTestId('floor-holder').getByText(names['DC-HN-BD']!).waitFor();
    await waitFor("the listener's program switching to the speaker", shows(listener, names['DC-HN-BD']!), 30_000);
    await speaker.getByTestId('on-floor').waitFor();

    // Taken back: the listener sees the hall again.
    await console.getByTestId('take-floor').click();
    await waitFor('the hall again on the listener', shows(listener, names['DC-HN']!), 30_000);
    await speaker.getByTestId('raise-hand').waitFor();

    // Attendance, during the conference: the three sites, connected now, with their delegates.
    await console.goto(`${stack.url}/console/conferences/${conferenceId}/attendance`);
    await console.getByTestId('attendance-table').waitFor();
    await expect(console.getByTestId('attendance-summary').innerText()).resolves.toBe('3/3 điểm cầu đã tham dự · 203 đại biểu báo cáo');
    const [download] = await Promise.all([console.waitForEvent('download'), console.getByTestId('download-csv').click()]);
    const bytes = await readFile((await download.path()));
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[column('Mã điểm cầu')], r[column('Số lần kết nối')], r[column('Số đại biểu')]])).toEqual([
      ['DC-HN', '1', '120'],
      ['DC-HN-BD', '1', '45'],
      ['DC-HN-HK', '1', '38'],
    ]);
    for (const row of rows) {
      // Joined after the conference was scheduled, still connected (no leave time yet).
      // Local wall time of Hà Nội (UTC+7) in the file, not UTC.
      expect(Date.parse(`${row[column('Vào lúc')]!.replace(' ', 'T')}+07:00`)).toBeGreaterThanOrEqual(start.getTime());
      expect(row[column('Rời lúc')]).toBe('');
      expect(row[column('Đang kết nối')]).toBe('Có');
      expect(Number(row[column('Số phút có mặt')])).toBeGreaterThan(0);
    }
    await context.close();
  }, 240_000);
});
