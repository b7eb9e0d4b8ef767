/**
 * The operator console's screens, in Vietnamese, over the synthetic nation (15,345 sites): the
 * unit tree opened whole, the scheduling form, a conference with its documents, the printable
 * site list and the attendance report. Called by scripts/screenshots.ts; its own stack, no media
 * nodes (nothing here needs media).
 */
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startNationStack } from '@lienthong/testing/nation-stack';
import { operatorApi } from '../../infra/local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';

const PORT = 16620;
const password = 'mật khẩu ảnh chụp 2026';

export async function shootConsolePages(browser: Browser, shoot: (page: Page, name: string) => Promise<void>): Promise<void> {
  const stack = await startNationStack(PORT);
  const db = await openDatabase({ databaseUrl: stack.databaseUrl });
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const api = operatorApi(stack);
    const unit = (code: string) => db.prisma.unit.findUniqueOrThrow({ where: { code } });
    const tw = await unit('TW');
    await createOperator(stack, { username: 'vp.trunguong', password, displayName: 'Lê Minh Tuấn', unitId: tw.id });
    const page = await context.newPage();
    await logInToConsole(page, stack.url, 'vp.trunguong', password);

    // 1. The unit tree of the whole nation, opened whole (~26,000 rows, virtualised), a district selected.
    await page.getByTestId('nav-units').click();
    await page.locator('.tree-row[data-code="TW"]').waitFor();
    await page.getByTestId('expand-all').click();
    await waitFor('the whole tree', async () => (Number(await page.getByTestId('unit-tree').getAttribute('data-rows')) > 25_000 ? true : undefined), 120_000, 250);
    await page.getByTestId('unit-tree').evaluate((el) => (el.scrollTop = 30 * 60));
    await page.locator('.tree-unit[aria-level="3"]').first().click();
    await page.getByTestId('unit-panel').waitFor();
    await shoot(page, 'console-unit-tree.png');

    // 2. The scheduling form: a province down to its districts, plus one commune by hand.
    await page.getByTestId('nav-conferences').click();
    await page.getByTestId('new-conference').click();
    const form = page.getByTestId('conference-form');
    await form.getByLabel('Tên hội nghị').fill('Hội nghị quán triệt, triển khai Nghị quyết Trung ương');
    await form.locator('input[name="start"]').fill('2026-12-15T08:00');
    await form.locator('input[name="end"]').fill('2026-12-15T11:30');
    await form.locator('textarea[name="agenda"]').fill('08:00 Khai mạc, giới thiệu đại biểu\n08:15 Quán triệt Nghị quyết\n10:00 Thảo luận tại các điểm cầu\n11:15 Kết luận, bế mạc');
    await form.getByTestId('rule-unit-picker').getByRole('searchbox').fill('P01');
    await form.getByTestId('rule-unit-picker').getByRole('button').first().click();
    await form.getByTestId('rule-tier').selectOption({ label: 'Quận/Huyện' });
    await form.getByTestId('explicit-site-picker').getByRole('searchbox').fill('DC-P02-D01-C001');
    await form.getByTestId('explicit-site-picker').getByRole('button').first().click();
    await form.getByTestId('explicit-sites').locator('li').waitFor();
    await page.setViewportSize({ width: 1366, height: 1300 }); // the whole form in one picture
    await page.evaluate(() => scrollTo(0, 0));
    await shoot(page, 'console-schedule.png');
    await page.setViewportSize({ width: 1366, height: 860 });

    // 3. The national conference, with documents: QR codes for public and internal ones, none for the secret one.
    const hall = await db.prisma.site.findUniqueOrThrow({ where: { code: 'TW-HALL' } });
    const start = new Date(Date.now() - 90 * 60_000);
    // The demo conference, open now, holds the demo's sites: it took place yesterday instead.
    const yesterday = Date.now() - 86_400_000;
    await db.prisma.conference.update({
      where: { id: stack.seed.conferenceId },
      data: { status: 'ended', scheduledStart: new Date(yesterday), scheduledEnd: new Date(yesterday + 3_600_000) },
    });
    const conference = await api.call('conferences.create', {
      body: {
        title: 'Hội nghị toàn quốc quán triệt Nghị quyết',
        hostUnitId: tw.id,
        originSiteId: hall.id,
        scheduledStart: start.toISOString(),
        scheduledEnd: new Date(start.getTime() + 4 * 3_600_000).toISOString(),
        agenda: '08:00 Khai mạc\n08:15 Quán triệt Nghị quyết\n10:30 Bế mạc',
        participants: { rules: [{ unitId: tw.id, downToTier: null }] },
      },
    });
    for (const [title, fileName, classification] of [
      ['Chương trình hội nghị', 'chuong-trinh.pdf', 'public'],
      ['Đề cương tuyên truyền', 'de-cuong.pdf', 'internal'],
      ['Báo cáo chuyên đề (mật)', 'bao-cao-mat.pdf', 'secret'],
    ] as const) {
      const document = await api.call('documents.create', {
        params: { id: conference.id },
        body: { title, fileName, mediaType: 'application/pdf', sizeBytes: 1, classification },
      });
      // The file itself: only a document with its file gets a delegate link (and a QR code).
      await api.call('documents.upload', { params: { id: document.id }, file: { bytes: new TextEncoder().encode(`%PDF-1.4 ${title}`), mediaType: 'application/pdf' } });
    }
    await page.goto(`${stack.url}/console/conferences/${conference.id}`);
    await page.getByTestId('documents').locator('img.qr').nth(1).waitFor();
    await page.getByTestId('documents').scrollIntoViewIfNeeded();
    await shoot(page, 'console-conference-documents.png');

    // 4. The printable site list of the demo conference (its 15 sites, each with its QR code).
    await page.goto(`${stack.url}/console/conferences/${stack.seed.conferenceId}/print`);
    await page.locator('.print-site img.qr').nth(5).waitFor();
    await shoot(page, 'console-print-sites.png');

    // 5. Attendance during the conference: most sites joined, some left, some still connected.
    const sites = await db.prisma.conferenceSite.findMany({ where: { conferenceId: conference.id }, select: { siteId: true }, orderBy: { siteId: 'asc' } });
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await db.prisma.attendanceInterval.createMany({
      data: sites.flatMap(({ siteId }, i) =>
        i % 17 === 0 ? [] : i % 5 === 0 ? [{ conferenceId: conference.id, siteId, joinedAt: at(i % 9), leftAt: at(40 + (i % 30)) }, { conferenceId: conference.id, siteId, joinedAt: at(55), leftAt: null }] : [{ conferenceId: conference.id, siteId, joinedAt: at(i % 7), leftAt: i % 3 === 0 ? at(80) : null }],
      ),
    });
    await db.prisma.delegateReport.createMany({
      data: sites.filter((_, i) => i % 17 !== 0).map(({ siteId }, i) => ({ conferenceId: conference.id, siteId, delegates: 20 + ((i * 37) % 90) })),
    });
    await page.goto(`${stack.url}/console/conferences/${conference.id}/attendance`);
    await page.getByTestId('attendance-table').waitFor({ timeout: 60_000 });
    await shoot(page, 'console-attendance.png');
    await page.getByTestId('view-units').click();
    await waitFor('totals per province', async () => (Number(await page.getByTestId('attendance-table').getAttribute('data-rows')) < 100 ? true : undefined), 60_000);
    await shoot(page, 'console-attendance-units.png');
  } finally {
    await context.close();
    await db.close();
    await stack.stop();
  }
}
