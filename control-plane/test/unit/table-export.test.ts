import { tableReportSchema } from '@lienthong/contracts';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reportToCsv, reportToXlsx } from '../../src/http/table-export.js';

const report = tableReportSchema.parse({
  title: 'Điểm danh: Hội nghị/2026',
  fileName: 'attendance-test',
  columns: [
    { key: 'site', header: 'Điểm cầu' },
    { key: 'minutes', header: 'Số phút', type: 'number' },
    { key: 'joinedAt', header: 'Vào lúc', type: 'datetime' },
  ],
  rows: [
    { site: 'UBND xã "Tân Lập", Hà Nội', minutes: 42.5, joinedAt: '2026-11-24T01:02:03.000Z' },
    { site: 'Xã Đông', minutes: 0, joinedAt: null },
  ],
});

describe('table export', () => {
  it('writes CSV with a BOM, headers, and quoting of commas and quotes', () => {
    const csv = reportToCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines).toEqual([
      'Điểm cầu,Số phút,Vào lúc',
      '"UBND xã ""Tân Lập"", Hà Nội",42.5,2026-11-24T01:02:03.000Z',
      'Xã Đông,0,',
    ]);
  });

  it('writes an XLSX whose cells read back typed', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportToXlsx(report)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Điểm danh  Hội nghị 2026');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Điểm cầu', 'Số phút', 'Vào lúc']);
    expect(sheet.getCell('A2').value).toBe('UBND xã "Tân Lập", Hà Nội');
    expect(sheet.getCell('B2').value).toBe(42.5);
    expect((sheet.getCell('C2').value as Date).toISOString()).toBe('2026-11-24T01:02:03.000Z');
    expect(sheet.getCell('C3').value).toBeNull();
    expect(sheet.rowCount).toBe(3);
  });
});
