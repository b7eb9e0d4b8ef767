// The attendance report through the REST API: rows and per-unit totals computed from intervals
// written with known times, the same answer exported as CSV and XLSX and read back, and scope
// (a province sees its own sites of a national conference; another province is refused).
import { attendanceSiteColumns, attendanceUnitColumns, tableReportSchema, formatClock, formatWallTime, wallTimeAsUtc } from '@lienthong/contracts';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors, type Actors } from '../support/actors.js';
import { apiClient, ok } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

const t0 = Date.UTC(2030, 5, 1, 1, 0, 0); // 08:00 in Hà Nội
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const clock = (d: Date) => formatClock(d, 'Asia/Ho_Chi_Minh');

describe('attendance report', () => {
  let plane: TestControlPlane;
  let actors: Actors;
  let conferenceId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    plane = await startTestControlPlane();
    actors = await signActors(plane);
    const p = plane.db.prisma;
    for (const u of await p.unit.findMany()) ids[u.code] = u.id;
    for (const s of await p.site.findMany()) ids[s.code] = s.id;
    conferenceId = await schedule(actors.system_admin, { title: 'Hội nghị điểm danh', host: 'TW', hall: 'TW-HALL', from: 0, minutes: 180, downToTier: 2 });
    const interval = (code: string, from: number, to: number | null) => ({
      conferenceId,
      siteId: ids[code]!,
      joinedAt: at(from),
      leftAt: to === null ? null : at(to),
    });
    await p.attendanceInterval.createMany({
      data: [
        interval('TW-HALL', 0, 180),
        // Two overlapping intervals: 10..40 and 30..55 cover 45 minutes, not 55.
        interval('DC-HN', 10, 40),
        interval('DC-HN', 30, 55),
        interval('DC-HN-BD', 5, 65),
        interval('DC-DN', 20, 50),
      ],
    });
    // Still connected: an interval opened 12 minutes ago.
    await p.attendanceInterval.create({ data: { conferenceId, siteId: ids['DC-HN-HK']!, joinedAt: new Date(Date.now() - 12 * 60_000) } });
    await p.delegateReport.createMany({
      data: [
        { conferenceId, siteId: ids['DC-HN']!, delegates: 120 },
        { conferenceId, siteId: ids['DC-HN-BD']!, delegates: 45 },
        { conferenceId, siteId: ids['DC-DN']!, delegates: 80 },
      ],
    });
  });
  afterAll(async () => plane?.stop());

  /** Schedules a conference of every site under the host (down to a tier) through the API; its id. */
  async function schedule(token: string, c: { title: string; host: string; hall: string; from: number; minutes: number; downToTier: number | null }) {
    const body = {
      title: c.title,
      hostUnitId: ids[c.host]!,
      originSiteId: ids[c.hall]!,
      scheduledStart: at(c.from).toISOString(),
      scheduledEnd: at(c.from + c.minutes).toISOString(),
      participants: { rules: [{ unitId: ids[c.host]!, downToTier: c.downToTier }] },
    };
    return ok(await apiClient(plane.url, token)('conferences.create', { body })).id;
  }

  const get = (token: string, path: string) => fetch(`${plane.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const reportPath = (query = '') => `/api/conferences/${conferenceId}/attendance-report${query}`;
  const byCode = (rows: Record<string, unknown>[], key: string) => new Map(rows.map((r) => [r[key] as string, r]));

  it('gives one row per invited site: join and leave times, minutes present (overlaps once), delegates', async () => {
    const report = ok(await apiClient(plane.url, actors.system_admin)('conferences.attendanceReport', { params: { id: conferenceId } }));
    expect(report.columns.map((c) => c.key)).toEqual([...attendanceSiteColumns]);
    expect(report.columns.find((c) => c.key === 'minutesPresent')?.header).toBe('Số phút có mặt');
    // TW down to tier 2: the hall, 2 provinces, 4 districts, in unit-tree order.
    expect(report.rows.map((r) => r.siteCode)).toEqual(['TW-HALL', 'DC-DN', 'DC-DN-HC', 'DC-DN-HV', 'DC-HN', 'DC-HN-BD', 'DC-HN-HK']);
    const rows = byCode(report.rows, 'siteCode');
    expect(rows.get('DC-HN')).toMatchObject({
      unitCode: 'HN',
      unitName: 'Thành phố Hà Nội',
      firstJoinedAt: at(10).toISOString(),
      lastLeftAt: at(55).toISOString(),
      connections: 2,
      // Each span on the deployment's clock (Asia/Ho_Chi_Minh), with its length in minutes.
      intervals: `${clock(at(10))}–${clock(at(40))} (30 phút); ${clock(at(30))}–${clock(at(55))} (25 phút)`,
      minutesPresent: 45,
      presentNow: false,
      delegates: 120,
    });
    expect(rows.get('DC-HN-BD')).toMatchObject({ minutesPresent: 60, delegates: 45, connections: 1 });
    expect(rows.get('DC-DN-HC')).toMatchObject({ firstJoinedAt: null, lastLeftAt: null, connections: 0, minutesPresent: 0, delegates: null });
    const live = rows.get('DC-HN-HK')!;
    expect(live).toMatchObject({ presentNow: true, lastLeftAt: null, connections: 1 });
    expect(live.minutesPresent as number).toBeGreaterThanOrEqual(12);
    expect(live.minutesPresent as number).toBeLessThan(20);
  });

  it('totals per unit at a tier: sites rolled up to their province', async () => {
    const totals = ok(
      await apiClient(plane.url, actors.system_admin)('conferences.attendanceTotals', { params: { id: conferenceId }, query: { tier: 1, lang: 'en' } }),
    );
    expect(totals.columns.map((c) => c.key)).toEqual([...attendanceUnitColumns]);
    expect(totals.columns[0]!.header).toBe('Unit code');
    const rows = byCode(totals.rows, 'unitCode');
    expect([...rows.keys()]).toEqual(['TW', 'DN', 'HN']);
    expect(rows.get('HN')).toMatchObject({ unitName: 'Thành phố Hà Nội', tierName: 'Tỉnh/Thành phố', sitesInvited: 3, sitesAttended: 3, sitesPresentNow: 1, delegates: 165 });
    expect(rows.get('HN')!.minutesPresent as number).toBeGreaterThanOrEqual(45 + 60 + 12);
    expect(rows.get('DN')).toMatchObject({ sitesInvited: 3, sitesAttended: 1, sitesPresentNow: 0, minutesPresent: 30, delegates: 80 });
    // The hall sits in the central unit itself: it stays there at tier 1.
    expect(rows.get('TW')).toMatchObject({ sitesInvited: 1, sitesAttended: 1, minutesPresent: 180, delegates: 0 });

    const own = ok(await apiClient(plane.url, actors.system_admin)('conferences.attendanceTotals', { params: { id: conferenceId } }));
    expect(own.rows.map((r) => r.unitCode)).toEqual(['TW', 'DN', 'DN-HC', 'DN-HV', 'HN', 'HN-BD', 'HN-HK']);
  });

  it('exports the same rows as CSV (BOM, headers in the language asked) and XLSX (typed cells)', async () => {
    const json = tableReportSchema.parse(await (await get(plane.operatorToken, reportPath())).json());

    const csvRes = await get(plane.operatorToken, reportPath('?format=csv&lang=en'));
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="?attendance-2030-06-01-[0-9a-f]{8}\.csv/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for Vietnamese
    const [header, ...lines] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual(['Unit code', 'Unit', 'Site code', 'Site', 'Joined at', 'Left at', 'Connections', 'Connected intervals', 'Minutes present', 'Connected now', 'Delegates']);
    expect(lines.map((l) => l[2])).toEqual(json.rows.map((r) => r.siteCode));
    const hn = lines.find((l) => l[2] === 'DC-HN')!;
    // Times on the deployment's clock (Asia/Ho_Chi_Minh by default), never UTC; booleans as words.
    expect(hn.slice(4, 7)).toEqual([formatWallTime(at(10), 'Asia/Ho_Chi_Minh'), formatWallTime(at(55), 'Asia/Ho_Chi_Minh'), '2']);
    expect(hn[9]).toBe('No');
    expect([hn[8], hn[10]]).toEqual(['45', '120']);

    const xlsxRes = await get(plane.operatorToken, reportPath('?format=xlsx'));
    expect(xlsxRes.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxRes.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(9).value).toBe('Số phút có mặt');
    const xlsxRows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => void (n > 1 && xlsxRows.set(row.getCell(3).text, row)));
    expect([...xlsxRows.keys()]).toEqual(json.rows.map((r) => r.siteCode));
    const row = xlsxRows.get('DC-HN')!;
    expect((row.getCell(5).value as Date).toISOString()).toBe(wallTimeAsUtc(at(10), 'Asia/Ho_Chi_Minh').toISOString());
    expect(row.getCell(10).value).toBe('Không');
    expect(row.getCell(9).value).toBe(45);
    expect(row.getCell(11).value).toBe(120);
  });

  it('shows a province operator only its own sites, and refuses another province', async () => {
    const hanoi = ok(await apiClient(plane.url, actors.operator)('conferences.attendanceReport', { params: { id: conferenceId } }));
    expect(hanoi.rows.map((r) => r.siteCode)).toEqual(['DC-HN', 'DC-HN-BD', 'DC-HN-HK']);

    // A conference of Hà Nội only: Đà Nẵng's operator may not read its attendance, in any format.
    const local = await schedule(actors.operator, { title: 'Hội nghị Hà Nội', host: 'HN', hall: 'DC-HN', from: 24 * 60, minutes: 60, downToTier: null });
    const danang = await plane.tokens.signOperator({ sub: 'dn-operator', role: 'operator', unit: ids.DN! }, 3600);
    for (const path of ['/attendance-report', '/attendance-report?format=csv', '/attendance-report/units?format=xlsx']) {
      const res = await get(danang, `/api/conferences/${local}${path}`);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
  });
});
