import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';
import { useBrowserStack } from '@lienthong/testing/browser-stack';
import { signInToReplay } from '@lienthong/testing/replay-page';
import { studiedRecording } from '@lienthong/testing/study-fixture';

const DURATION_SEC = 16;

/**
 * The replay library as a member uses it, in headless Chromium against the real control plane:
 * sign in, find the recording, play its HLS with hls.js (time advances, frames decode), seek ahead,
 * and the intervals that playback reported give the share the operator's study report shows.
 */
describe('replay library: a member studies a recording in Chromium', () => {
  const env = useBrowserStack({ port: 16300, recordingsDir: 'lienthong-replay-e2e-' });
  let page: Page;
  let recordingId: string;
  const member = { username: 'dangvien.badinh', password: 'mat-khau-hoc-tap-2026', displayName: 'Nguyễn Văn Ba' };

  beforeAll(async () => {
    // The national demo conference, recorded: a member of a Hà Nội district studies it.
    ({ recordingId } = await studiedRecording(env.db, { recordingsDir: env.recordingsDir, conferenceId: env.stack.seed.conferenceId, durationSec: DURATION_SEC, member }));
  });

  const video = () => page.getByTestId('replay-video');
  const playback = () =>
    video().evaluate((v: HTMLVideoElement) => ({
      currentTime: v.currentTime,
      paused: v.paused,
      ended: v.ended,
      frames: v.getVideoPlaybackQuality().totalVideoFrames,
      width: v.videoWidth,
    }));
  const reportsSent = async () => Number(await page.getByTestId('study-progress').getAttribute('data-sent'));
  /** The member's row of the operator's per-member report, as the API answers it. */
  const reportRow = async () => {
    const report = await operatorApi(env.stack).call('recordings.studyByMember', { params: { id: recordingId } });
    return report.rows.find((r) => r.username === member.username);
  };

  it('signs in, lists the recording and opens its player', async () => {
    page = await (await env.browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } })).newPage();
    await signInToReplay(page, env.stack.url, member);
    const card = page.locator(`[data-recording="${recordingId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await expect(card.innerText()).resolves.toContain('Hội nghị trực tuyến toàn quốc');
    await card.getByRole('link').click();
    await video().waitFor();
    await expect(page.getByRole('navigation', { name: 'Các phần của hội nghị' }).innerText()).resolves.toContain('Khai mạc');
  });

  it('plays the HLS: time advances and frames decode; a seek ahead is not counted', async () => {
    await video().evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await waitFor('6 s of playback', async () => ((await playback()).currentTime >= 6 ? true : undefined), 30_000, 100);
    const playing = await playback();
    expect(playing.frames).toBeGreaterThan(50);
    expect(playing.width).toBeGreaterThan(0);
    // hls.js found both renditions (source and low): "automatic" plus one choice each.
    await expect(page.getByTestId('replay-quality').locator('option').count()).resolves.toBe(3);

    // Pause: the player reports at once.
    const before = await reportsSent();
    await video().evaluate((v: HTMLVideoElement) => v.pause());
    const watchedFirst = (await playback()).currentTime;
    await waitFor('the pause report', async () => ((await reportsSent()) > before ? true : undefined), 10_000);

    // Jump to 3 s before the end and play it out: those 3 s count, the skipped middle does not.
    const skipTo = DURATION_SEC - 3;
    await video().evaluate((v: HTMLVideoElement, to: number) => {
      v.currentTime = to;
      return v.play();
    }, skipTo);
    await waitFor('the end', async () => ((await playback()).ended ? true : undefined), 20_000, 100);
    const ended = await playback();
    // The report sent at the end shows the last stretch on the page.
    const shown = async () => Number(await page.getByTestId('study-progress').getAttribute('data-share'));
    await waitFor('the end report', async () => ((await shown()) > (watchedFirst + 2) / DURATION_SEC ? true : undefined), 10_000);

    const expectedShare = (watchedFirst + (ended.currentTime - skipTo)) / DURATION_SEC;
    const row = await reportRow();
    expect(row).toBeDefined();
    // Each stretch starts at its first timeupdate (up to ~250 ms after the play) and ends exactly at the pause.
    expect(Number(row!.sharePercent) / 100).toBeGreaterThan(expectedShare - 0.04);
    expect(Number(row!.sharePercent) / 100).toBeLessThanOrEqual(expectedShare + 0.01);
    expect(row!.completed).toBe(false);
    expect(Number(row!.sharePercent)).toBeLessThan(80);
  });

  it('resumes where the member left off', async () => {
    // Back to the middle, a little playback, then leave the page.
    await video().evaluate((v: HTMLVideoElement) => {
      v.currentTime = 8;
      return v.play();
    });
    await waitFor('playback past 9 s', async () => ((await playback()).currentTime >= 9 ? true : undefined), 15_000, 100);
    const sent = await reportsSent();
    await video().evaluate((v: HTMLVideoElement) => v.pause());
    const leftAt = (await playback()).currentTime;
    await waitFor('the pause report', async () => ((await reportsSent()) > sent ? true : undefined), 10_000);
    await page.reload();
    await page.getByText(/Tiếp tục từ 0:0\d/).waitFor({ timeout: 15_000 });
    await video().evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await waitFor('playback to resume', async () => ((await playback()).currentTime > leftAt ? true : undefined), 15_000, 100);
    expect((await playback()).currentTime).toBeGreaterThanOrEqual(Math.floor(leftAt) - 1);
  });

  it('grades the test in the page; the report shows it passed', async () => {
    const test = page.getByTestId('study-test');
    await test.getByLabel('Trực tuyến').check();
    await test.getByLabel('Cán bộ, đảng viên').check();
    await test.getByRole('button', { name: 'Nộp bài' }).click();
    await expect(test.getByRole('status').innerText()).resolves.toContain('Đúng 2/2 câu');
    expect(await reportRow()).toMatchObject({ testScore: 100, testPassed: true, completed: false });
  });

  it('lets an operator narrow the library to a unit', async () => {
    // A new ward with no site: no conference reaches it, so nothing is listed under it.
    const parent = await env.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN-BD' } });
    await env.db.prisma.unit.create({ data: { code: 'HN-BD-NEW', name: 'Phường Mới Lập', tierLevel: parent.tierLevel + 1, parentId: parent.id, path: `${parent.path}HN-BD-NEW/` } });
    const operator = await (await env.browser.newContext({ locale: 'vi-VN' })).newPage();
    await operator.goto(`${env.stack.url}/replay#token=${env.stack.operatorToken}`);
    const card = operator.locator(`[data-recording="${recordingId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await operator.getByTestId('replay-unit').fill('Mới Lập');
    await operator.locator('#replay-units option[value="Phường Mới Lập (HN-BD-NEW)"]').waitFor({ state: 'attached', timeout: 10_000 });
    await operator.getByTestId('replay-unit').fill('Phường Mới Lập (HN-BD-NEW)');
    await operator.getByRole('button', { name: 'Lọc' }).click();
    await operator.getByText('Chưa có bản ghi hình nào').waitFor({ timeout: 10_000 });
    await expect(card.count()).resolves.toBe(0);
    await operator.close();
  });
});
