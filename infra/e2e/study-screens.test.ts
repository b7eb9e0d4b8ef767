import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '@lienthong/testing/accessibility';
import { deskContext, useBrowserStack } from '@lienthong/testing/browser-stack';
import { createOperator } from '@lienthong/testing/console-page';
import { screenshotForDocs } from '@lienthong/testing/screens';
import { studiedRecording } from '@lienthong/testing/study-fixture';

const DURATION_SEC = 16;

/**
 * The study screens of issue 17, one check per complaint, in Chromium against a real stack (no
 * media nodes: the recording is a fixture): a member who watched enough but has not passed the test
 * is told the test is what is missing; a member is offered no link to the study report (it would
 * only answer 403); a member's handed-in reflection is shown back to them, after a reload too; the
 * operator's assignment editor opens on the saved correct answers; marking a reflection updates the
 * marks column of the report on the same page. With SCREENSHOTS_DIR set, the player, the library
 * and the report are saved there at 1366x768.
 */
describe('study screens: what members and operators see', () => {
  const env = useBrowserStack({ port: 19920, recordingsDir: 'lienthong-study-e2e-' });
  let recordingId: string;
  const member = { username: 'hoc.tap.bd', password: 'mat-khau-hoc-tap-2026', displayName: 'Trần Thị Học' };
  const operator = { username: 'cham.bai.tw', password: 'mật khẩu chấm bài 2026' };
  const reflection = 'Tôi nhận thức rõ hơn trách nhiệm nêu gương của đảng viên trong công tác chuyển đổi số.';
  // The page's words (web-viewer/src/i18n; bundled by Vite, so written out here).
  const words = { testMissing: 'bài kiểm tra', handedIn: 'Đã nộp, chờ chấm', markHeader: 'Điểm thu hoạch' };

  beforeAll(async () => {
    const studied = await studiedRecording(env.db, {
      recordingsDir: env.recordingsDir,
      conferenceId: env.stack.seed.conferenceId,
      durationSec: DURATION_SEC,
      member,
      reflectionPrompt: 'Liên hệ bản thân sau khi học tập nghị quyết.',
    });
    recordingId = studied.recordingId;
    // The member watched it all already (as the player reports it), and has not taken the test.
    await env.db.prisma.studyRecord.create({
      data: { personId: studied.personId, recordingId, unitId: studied.unitId, intervals: [[0, DURATION_SEC]], watchedSec: DURATION_SEC, positionSec: DURATION_SEC },
    });
    await createOperator(env.stack, { ...operator, displayName: 'Ban Tuyên giáo', unitId: env.unitIds.TW! });
  });

  async function signIn(who: { username: string; password: string }, to: string): Promise<Page> {
    const page = await (await deskContext(env.browser)).newPage();
    await page.goto(`${env.stack.url}${to}`);
    await page.getByLabel('Tên đăng nhập').fill(who.username);
    await page.getByLabel('Mật khẩu').fill(who.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    return page;
  }

  it('a member is told the test is missing, is offered no report link, and sees their reflection after handing it in', async () => {
    const page = await signIn(member, `/replay/${recordingId}`);
    const progress = page.getByTestId('study-progress');
    await progress.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('study-missing').innerText()).toContain(words.testMissing);
    expect(await page.getByRole('link', { name: 'Báo cáo học tập' }).count()).toBe(0);
    expect(await page.getByTestId('reflection-handed-in').count()).toBe(0);

    const form = page.getByTestId('study-reflection');
    await form.getByRole('textbox').fill(reflection);
    await form.getByRole('button', { name: 'Nộp bài thu hoạch' }).click();
    const shown = page.getByTestId('reflection-handed-in');
    await shown.waitFor();
    expect(await shown.innerText()).toContain(reflection);
    expect(await shown.innerText()).toContain(words.handedIn);
    expect.soft(await seriousViolations(page), 'player: axe-core').toEqual([]);
    await screenshotForDocs(page, 'replay-study-member-1366.png');
    // Still there when the member comes back, and the box holds it for a revision.
    await page.reload();
    await shown.waitFor({ timeout: 15_000 });
    expect(await shown.locator('blockquote').innerText()).toBe(reflection);
    expect(await form.getByRole('textbox').inputValue()).toBe(reflection);
    // The library the member comes back to.
    await page.goto(`${env.stack.url}/replay`);
    await page.getByTestId('replay-list').locator('li').first().waitFor({ timeout: 15_000 });
    expect.soft(await seriousViolations(page), 'library: axe-core').toEqual([]);
    await screenshotForDocs(page, 'replay-library-1366.png');
    await page.context().close();
  }, 120_000);

  it("an operator's editor opens on the saved answers, and a mark shows in the report at once", async () => {
    const page = await signIn(operator, `/replay/${recordingId}/report`);
    const editor = page.getByTestId('assignment-editor');
    await editor.waitFor({ timeout: 15_000 });
    expect(await editor.getByTestId('question-1-correct').inputValue()).toBe('1');
    expect(await editor.getByTestId('question-2-correct').inputValue()).toBe('2');

    await page.getByRole('tab', { name: /đảng viên/i }).click();
    const table = page.getByTestId('study-report');
    const markColumn = async () => {
      const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
      const row = table.locator('tbody tr').filter({ hasText: member.displayName });
      return row.locator('td').nth(headers.indexOf(words.markHeader)).innerText();
    };
    await table.locator('tbody tr').filter({ hasText: member.displayName }).waitFor({ timeout: 15_000 });
    expect(await markColumn()).toBe('–');
    const waiting = page.locator('.replay-reflection').filter({ hasText: member.displayName });
    await waiting.getByRole('spinbutton').fill('8.5');
    await waiting.getByRole('button').click();
    await expect.poll(markColumn, { timeout: 15_000 }).toBe('8.5');
    expect.soft(await seriousViolations(page), 'study report: axe-core').toEqual([]);
    await screenshotForDocs(page, 'replay-study-report-1366.png');
    await page.context().close();
  }, 120_000);
});
