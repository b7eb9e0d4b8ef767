import { parse as parseCsv } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { formatWallTime } from '@lienthong/contracts';

/**
 * The operator console in Chromium against a real control plane and PostgreSQL: log in, schedule
 * a conference for a subtree with a tier filter, see it listed, meet a clash, edit it, attach
 * documents (QR codes, never for a secret one), print its site list, cancel it; another
 * province's operator sees none of it, imports sites from CSV (a bad file's problems listed by
 * line and column) and relays ("tiếp sóng") the national conference to its own sites; the
 * attendance export downloads and its rows are checked; an expired token sends the person back
 * to the login page. Serial, one browser, no media node (nothing here needs media).
 */
describe('operator console: login, scheduling, scope, attendance export', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let db: Database;
  const ids: Record<string, string> = {};
  const password = 'mật khẩu đủ dài 2026';
  let conferenceId: string;
  const start = new Date(Date.UTC(2031, 2, 3, 1, 0)); // 08:00 in Hà Nội

  beforeAll(async () => {
    stack = await startScratchStack([], { port: 16610 });
    db = await openDatabase({ databaseUrl: stack.databaseUrl });
    for (const u of await db.prisma.unit.findMany()) ids[u.code] = u.id;
    for (const s of await db.prisma.site.findMany()) ids[s.code] = s.id;
    await createOperator(stack, { username: 'hn.operator', password, displayName: 'Nguyễn Văn Hà', unitId: ids.HN! });
    await createOperator(stack, { username: 'dn.operator', password, displayName: 'Trần Thị Đà', unitId: ids.DN! });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await stack?.stop();
  });

  const newPage = async (): Promise<[BrowserContext, Page]> => {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    return [context, await context.newPage()];
  };
  /** "2031-03-03T08:00" in the page's time zone (Asia/Ho_Chi_Minh, UTC+7). */
  const localInput = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);

  it('an operator logs in, schedules a conference for a subtree down to a tier, sees it listed, meets a clash, edits it, adds documents, prints its sites', async () => {
    const [context, page] = await newPage();
    await logInToConsole(page, stack.url, 'hn.operator', password);
    await expect(page.getByText('Cán bộ: Nguyễn Văn Hà').isVisible()).resolves.toBe(true);

    // The unit tree starts at the operator's own unit and opens lazily.
    await page.getByTestId('nav-units').click();
    const root = page.locator('.tree-row[data-code="HN"]');
    await root.waitFor();
    await root.getByRole('button').click();
    await page.locator('.tree-row[data-code="HN-BD"]').waitFor();
    await expect(page.locator('.tree-row[data-code="DN"]').count()).resolves.toBe(0);

    await page.getByTestId('nav-conferences').click();
    await page.getByTestId('new-conference').click();
    const form = page.getByTestId('conference-form');
    await form.getByLabel('Tên hội nghị').fill('Hội nghị quán triệt nghị quyết (thử)');
    await expect(form.getByTestId('host-unit').innerText()).resolves.toBe('Thành phố Hà Nội');
    await waitFor('the hall to be offered', async () => ((await form.locator('select[name="origin"]').inputValue()) === ids['DC-HN'] ? true : undefined));
    await form.locator('input[name="start"]').fill(localInput(start));
    await form.locator('input[name="end"]').fill(localInput(new Date(start.getTime() + 2 * 3_600_000)));
    await form.locator('textarea[name="agenda"]').fill('08:00 Khai mạc\n08:15 Quán triệt nghị quyết');
    // "Every site under Hà Nội, down to the district tier".
    await form.getByTestId('rule-unit-picker').getByRole('searchbox').fill('Hà Nội');
    await form.getByTestId('rule-unit-picker').getByRole('button', { name: /Thành phố Hà Nội/ }).click();
    await form.getByTestId('rule-tier').selectOption({ label: 'Quận/Huyện' });
    await form.getByTestId('submit-conference').click();

    const conferencePage = page.getByTestId('conference-page');
    await conferencePage.waitFor({ timeout: 15_000 });
    conferenceId = (await conferencePage.getAttribute('data-conference-id'))!;
    await expect(page.getByTestId('site-count').innerText()).resolves.toBe('3 điểm cầu');
    await page.locator('[data-testid="participants"] tr[data-site-code="DC-HN-HK"]').waitFor();
    await expect(page.locator('[data-testid="participants"] tr').count()).resolves.toBe(3); // no commune: the tier filter held
    const stored = await db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId }, include: { rules: true } });
    expect(stored).toMatchObject({ hostUnitId: ids.HN, originSiteId: ids['DC-HN'], scheduledStart: start, status: 'scheduled' });
    expect(stored.rules).toMatchObject([{ unitId: ids.HN, downToTier: 2 }]);

    await page.getByTestId('nav-conferences').click();
    await page.locator(`[data-testid="conference-list"] tr[data-conference-id="${conferenceId}"]`).waitFor();

    // The same hall at an overlapping time: refused, and the page names the conference in the way.
    await page.getByTestId('new-conference').click();
    await form.getByLabel('Tên hội nghị').fill('Hội nghị trùng giờ');
    await waitFor('the hall to be offered', async () => ((await form.locator('select[name="origin"]').inputValue()) === ids['DC-HN'] ? true : undefined));
    await form.locator('input[name="start"]').fill(localInput(new Date(start.getTime() + 3_600_000)));
    await form.locator('input[name="end"]').fill(localInput(new Date(start.getTime() + 3 * 3_600_000)));
    await form.getByTestId('submit-conference').click();
    const clash = page.getByTestId('schedule-clash');
    await clash.waitFor();
    await expect(clash.innerText()).resolves.toContain('Hội nghị quán triệt nghị quyết (thử)');
    await clash.getByRole('link').click();
    await expect(page.getByTestId('conference-page').getAttribute('data-conference-id')).resolves.toBe(conferenceId);

    // Edit: the title changes, the rules stay.
    await page.getByTestId('edit-conference').click();
    await form.getByLabel('Tên hội nghị').fill('Hội nghị quán triệt nghị quyết (đã sửa)');
    await form.getByTestId('submit-conference').click();
    await page.getByRole('heading', { name: 'Hội nghị quán triệt nghị quyết (đã sửa)' }).waitFor();
    await expect(page.getByTestId('site-count').innerText()).resolves.toBe('3 điểm cầu');

    // Documents: a public one gets a QR code; a secret one none, and the page says why.
    const documents = page.getByTestId('documents');
    await documents.locator('summary').click();
    for (const [title, classification] of [['Chương trình', 'public'], ['Báo cáo mật', 'secret']] as const) {
      await documents.getByLabel('Tên tài liệu').fill(title);
      await documents.getByLabel('Tệp tài liệu').setInputFiles({ name: `${classification}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${title}`) });
      await documents.getByLabel('Độ mật').selectOption(classification);
      await documents.getByRole('button', { name: 'Thêm tài liệu' }).click();
      await documents.locator(`li[data-classification="${classification}"]`).waitFor();
    }
    // The QR code carries the delegate link: it opens the file on a phone with no login.
    const link = await documents.locator('li[data-classification="public"] img.qr').getAttribute('data-qr');
    expect(link).toMatch(/\/api\/public\/documents\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const opened = await fetch(new URL(new URL(link!).pathname, stack.url));
    expect(opened.status).toBe(200);
    expect(await opened.text()).toBe('%PDF-1.4 Chương trình');
    await expect(documents.locator('li[data-classification="secret"] img').count()).resolves.toBe(0);
    await expect(documents.locator('li[data-classification="secret"]').innerText()).resolves.toContain('không tạo mã QR hay đường dẫn');

    // The printable list: each site with its own join link and a QR code of it.
    await page.getByTestId('print-sites').click();
    const entries = page.locator('.print-site');
    await entries.nth(2).locator('img.qr').waitFor();
    await expect(entries.evaluateAll((items) => items.map((li) => li.getAttribute('data-site-code')))).resolves.toEqual(['DC-HN', 'DC-HN-BD', 'DC-HN-HK']);
    for (const qr of await page.locator('.print-site img.qr').all()) expect(await qr.getAttribute('data-qr')).toMatch(new RegExp(`^${stack.url}/j/[0-9A-Z]{12}$`));
    await context.close();
  });

  it("another province's operator sees none of these sites or conferences, imports sites from CSV, relays the national one", async () => {
    const [context, page] = await newPage();
    await logInToConsole(page, stack.url, 'dn.operator', password);
    await page.getByTestId('nav-conferences').click();
    await page.getByRole('heading', { name: 'Lịch hội nghị' }).waitFor();
    await waitFor('the list to load', async () =>
      (await page.getByText('Chưa có hội nghị nào trong phạm vi của bạn.').isVisible()) || (await page.getByTestId('conference-list').isVisible()) ? true : undefined,
    );
    await expect(page.locator(`tr[data-conference-id="${conferenceId}"]`).count()).resolves.toBe(0);

    await page.getByTestId('nav-units').click();
    await page.locator('.tree-row[data-code="DN"]').waitFor();
    await expect(page.locator('.tree-row[data-code="HN"]').count()).resolves.toBe(0);
    await page.getByTestId('unit-search').fill('Ba Đình');
    await page.getByText('Không tìm thấy.').waitFor();
    await page.getByTestId('unit-search').fill('');

    // CSV import: a file with bad rows is refused whole, each problem listed by line and column.
    const csvImport = page.locator('.csv-import');
    await csvImport.locator('summary').click();
    const header = 'code,name,unit_code,delegate_capacity,link_profile\n';
    await page.getByTestId('csv-file').setInputFiles({
      name: 'sites.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}DN-MOI-1,Điểm cầu mới,DN,nhiều,fibre\nDN-MOI-2,Điểm cầu mới 2,DN,10,wifi\n`),
    });
    await csvImport.getByRole('button', { name: 'Nhập' }).click();
    const issues = page.getByTestId('csv-issues');
    await issues.waitFor();
    const issueRows = await issues.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(issueRows).toEqual([
      ['2', 'delegate_capacity'],
      ['3', 'link_profile'],
    ]);
    await expect(db.prisma.site.count({ where: { code: { startsWith: 'DN-MOI' } } })).resolves.toBe(0);
    await page.getByTestId('csv-file').setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}DN-MOI-1,Điểm cầu mới,DN,40,fibre\n`) });
    await csvImport.getByRole('button', { name: 'Nhập' }).click();
    await csvImport.getByText('Đã nhập 1 dòng.').waitFor();
    await page.locator('.tree-row[data-code="DN-MOI-1"]').waitFor();

    // Straight to the Hà Nội conference's page: refused.
    await page.goto(`${stack.url}/console/conferences/${conferenceId}`);
    await page.getByRole('alert').filter({ hasText: 'FORBIDDEN' }).waitFor();
    await expect(page.getByTestId('conference-page').count()).resolves.toBe(0);

    // The national demo conference reaches Đà Nẵng: its page shows Đà Nẵng's sites only, and relays it.
    await page.goto(`${stack.url}/console/conferences/${stack.seed.conferenceId}`);
    await page.getByText('Hội nghị do đơn vị cấp trên chủ trì').waitFor();
    await page.locator('[data-testid="participants"] tr').nth(6).waitFor();
    const codes = await page.locator('[data-testid="participants"] tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site-code')!));
    expect(codes).toHaveLength(7);
    expect(codes.every((c) => c.startsWith('DC-DN'))).toBe(true);
    await expect(page.getByTestId('edit-conference').count()).resolves.toBe(0);
    const relay = page.getByTestId('relay');
    await relay.locator('summary').click();
    await waitFor('its own hall offered', async () => ((await relay.locator('select[name="origin"]').inputValue()) === ids['DC-DN'] ? true : undefined));
    await relay.getByTestId('rule-unit-picker').getByRole('searchbox').fill('Đà Nẵng');
    await relay.getByTestId('rule-unit-picker').getByRole('button', { name: /Thành phố Đà Nẵng/ }).click();
    await relay.getByTestId('rule-tier').selectOption({ label: 'Quận/Huyện' });
    await relay.getByRole('button', { name: 'Tạo hội nghị tiếp sóng' }).click();
    await page.getByRole('heading', { name: 'Tiếp sóng: Hội nghị trực tuyến toàn quốc (demo)' }).waitFor({ timeout: 15_000 });
    // Đà Nẵng's hall, its two districts' sites and the site just imported.
    await expect(page.getByTestId('site-count').innerText()).resolves.toBe('4 điểm cầu');
    const relayId = (await page.getByTestId('conference-page').getAttribute('data-conference-id'))!;
    await expect(db.prisma.conference.findUniqueOrThrow({ where: { id: relayId } })).resolves.toMatchObject({ parentId: stack.seed.conferenceId, hostUnitId: ids.DN, originSiteId: ids['DC-DN'] });
    await context.close();
  });

  it('exports attendance as CSV from the attendance page; the rows are the intervals recorded', async () => {
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await db.prisma.attendanceInterval.createMany({
      data: [
        { conferenceId, siteId: ids['DC-HN']!, joinedAt: at(-5), leftAt: at(120) },
        { conferenceId, siteId: ids['DC-HN-BD']!, joinedAt: at(0), leftAt: at(30) },
        { conferenceId, siteId: ids['DC-HN-BD']!, joinedAt: at(40), leftAt: at(100) },
      ],
    });
    await db.prisma.delegateReport.create({ data: { conferenceId, siteId: ids['DC-HN-BD']!, delegates: 64 } });

    const [context, page] = await newPage();
    await logInToConsole(page, stack.url, 'hn.operator', password);
    await page.goto(`${stack.url}/console/conferences/${conferenceId}/attendance`);
    await page.getByTestId('attendance-table').waitFor();
    await expect(page.getByTestId('attendance-summary').innerText()).resolves.toBe('2/3 điểm cầu đã tham dự · 64 đại biểu báo cáo');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^attendance-2031-03-03-[0-9a-f]{8}\.csv$/);
    const bytes = await readFile((await download.path()));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual(['Mã đơn vị', 'Đơn vị', 'Mã điểm cầu', 'Điểm cầu', 'Vào lúc', 'Rời lúc', 'Số lần kết nối', 'Các khoảng kết nối', 'Số phút có mặt', 'Đang kết nối', 'Số đại biểu']);
    expect(rows.map((r) => [r[2], r[6], r[8], r[10]])).toEqual([
      ['DC-HN', '1', '125', ''],
      ['DC-HN-BD', '2', '90', '64'],
      ['DC-HN-HK', '0', '0', ''],
    ]);
    // On the deployment's clock (Asia/Ho_Chi_Minh), as the screen shows them.
    expect(rows[0]!.slice(4, 6)).toEqual([formatWallTime(at(-5), 'Asia/Ho_Chi_Minh'), formatWallTime(at(120), 'Asia/Ho_Chi_Minh')]);

    // Totals per unit, rolled up to the province.
    await page.getByTestId('view-units').click();
    await page.getByTestId('totals-tier').selectOption({ label: 'Tỉnh/Thành phố' });
    await waitFor('one row for Hà Nội', async () => ((await page.getByTestId('attendance-table').getAttribute('data-rows')) === '1' ? true : undefined));
    await expect(page.getByTestId('attendance-table').innerText()).resolves.toContain('215');

    // Cancelling, after a confirmation.
    await page.goto(`${stack.url}/console/conferences/${conferenceId}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('cancel-conference').click();
    await waitFor('the cancelled status', async () => ((await page.getByTestId('conference-status').innerText()) === 'Đã hủy' ? true : undefined));
    await expect(db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).resolves.toMatchObject({ status: 'cancelled' });
    await context.close();
  });

  it('an expired token sends the person back to the login page, saying why', async () => {
    const [context, page] = await newPage();
    const person = await db.prisma.person.findFirstOrThrow({ where: { username: 'hn.operator' } });
    const aMinuteAgo = stack.tokens.withClock(() => new Date(Date.now() - 60_000));
    const token = await aMinuteAgo.signOperator({ sub: person.id, role: 'operator', unit: ids.HN! }, 1);
    // The tab holds a session it believes good for 15 minutes; the server says the token expired.
    await page.goto(`${stack.url}/console/units`);
    await page.evaluate(
      ([t, p]) =>
        sessionStorage.setItem(
          'lienthong.console.session',
          JSON.stringify({ answer: { accessToken: t, tokenType: 'Bearer', expiresIn: 900, person: JSON.parse(p) }, obtainedAt: Date.now() }),
        ),
      [token, JSON.stringify({ id: person.id, username: person.username, displayName: person.displayName, role: person.role, unitId: person.unitId, unitName: 'Thành phố Hà Nội', siteId: null, siteName: null, canLogIn: true, mustChangePassword: false })] as const,
    );
    await page.reload();
    const reason = page.getByTestId('login-reason');
    await reason.waitFor({ timeout: 15_000 });
    await expect(reason.innerText()).resolves.toContain('Phiên đăng nhập đã hết hạn');
    await expect(page.getByTestId('login-form').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
