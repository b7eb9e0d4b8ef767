import { tableReportSchema, type ReportFormat, DEFAULT_TIME_ZONE, formatWallTime, wallTimeAsUtc } from '@lienthong/contracts';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { z } from 'zod';

type Report = z.output<typeof tableReportSchema>;

/** How exported cells read: times on the deployment's clock, booleans as words of the report's language. */
export interface ExportStyle {
  timeZone: string;
}
const defaultStyle: ExportStyle = { timeZone: DEFAULT_TIME_ZONE };
const yesNo = { vi: ['Có', 'Không'], en: ['Yes', 'No'] } as const;

/** A cell as a person reads it in a file: local times, words for booleans. */
function cellText(value: Report['rows'][number][string] | undefined, type: Report['columns'][number]['type'], report: Report, style: ExportStyle) {
  if (value === null || value === undefined) return '';
  if (type === 'datetime' && typeof value === 'string') return formatWallTime(new Date(value), style.timeZone);
  if (typeof value === 'boolean') return yesNo[report.language ?? 'vi'][value ? 0 : 1];
  return value;
}

const contentTypes: Record<Exclude<ReportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A text cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a unit or site
 * named `=HYPERLINK(...)` or `+cmd|' /C calc'!A0` gets a leading apostrophe, which Excel and
 * LibreOffice show as text. Numbers stay numbers (a negative count is not a formula).
 */
export function neutraliseCell(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The report as CSV: a UTF-8 BOM first, so Excel opens Vietnamese names correctly. */
export function reportToCsv(report: Report, style: ExportStyle = defaultStyle): string {
  const header = report.columns.map((c) => neutraliseCell(c.header));
  const rows = report.rows.map((row) => report.columns.map((c) => neutraliseCell(cellText(row[c.key], c.type, report, style))));
  return '\uFEFF' + stringify([header, ...rows]);
}

/**
 * The report as an XLSX workbook of one sheet, numbers and dates typed as such. Safe from formula
 * injection as it is: a string is written as a string cell, never as a formula.
 */
export async function reportToXlsx(report: Report, style: ExportStyle = defaultStyle): Promise<Buffer> {
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
      typed[c.key] =
        c.type === 'datetime' && typeof v === 'string' ? wallTimeAsUtc(new Date(v), style.timeZone) : typeof v === 'boolean' ? cellText(v, c.type, report, style) : v;
    }
    sheet.addRow(typed);
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends a validated report in the format asked for (a download for CSV and XLSX). */
export async function sendReport(res: Response, report: Report, format: ReportFormat, status = 200, style: ExportStyle = defaultStyle): Promise<void> {
  if (format === 'json') {
    res.status(status).json(report);
    return;
  }
  const body = format === 'csv' ? reportToCsv(report, style) : await reportToXlsx(report, style);
  res
    .status(status)
    .type(contentTypes[format])
    .attachment(`${report.fileName}.${format}`)
    .send(body);
}
