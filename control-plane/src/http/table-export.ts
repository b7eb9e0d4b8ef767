import { tableReportSchema, type ReportFormat } from '@lienthong/contracts';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { z } from 'zod';

type Report = z.output<typeof tableReportSchema>;

const contentTypes: Record<Exclude<ReportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The report as CSV: a UTF-8 BOM first, so Excel opens Vietnamese names correctly. */
export function reportToCsv(report: Report): string {
  const header = report.columns.map((c) => c.header);
  const rows = report.rows.map((row) => report.columns.map((c) => row[c.key] ?? ''));
  return '\uFEFF' + stringify([header, ...rows]);
}

/** The report as an XLSX workbook of one sheet, numbers and dates typed as such. */
export async function reportToXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lienthong';
  // Sheet names are at most 31 characters and may not hold []:*?/\
  const sheet = workbook.addWorksheet(report.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'report');
  sheet.columns = report.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(60, Math.max(10, c.header.length + 2)),
    style: c.type === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of report.rows) {
    const typed: Record<string, unknown> = {};
    for (const c of report.columns) {
      const v = row[c.key] ?? null;
      typed[c.key] = c.type === 'datetime' && typeof v === 'string' ? new Date(v) : v;
    }
    sheet.addRow(typed);
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends a validated report in the format asked for (a download for CSV and XLSX). */
export async function sendReport(res: Response, report: Report, format: ReportFormat, status = 200): Promise<void> {
  if (format === 'json') {
    res.status(status).json(report);
    return;
  }
  const body = format === 'csv' ? reportToCsv(report) : await reportToXlsx(report);
  res
    .status(status)
    .type(contentTypes[format])
    .attachment(`${report.fileName}.${format}`)
    .send(body);
}
