import { z } from 'zod';

/**
 * Tabular reports (attendance, study): an endpoint answers a `TableReport`, and the same answer is
 * served as JSON, CSV or XLSX by `?format=`. One shape, so every report exports the same way.
 */
export const reportFormatSchema = z.enum(['json', 'csv', 'xlsx']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/** Query fields every report endpoint accepts; report endpoints extend this with their own filters. */
export const reportQuerySchema = z.object({ format: reportFormatSchema.default('json') });

export const reportCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ReportCell = z.infer<typeof reportCellSchema>;

export const reportColumnSchema = z.object({
  key: z.string().min(1),
  /** header shown in the exported file (in the operator's language) */
  header: z.string(),
  /** how a spreadsheet should type the cells; ISO datetimes stay strings in CSV */
  type: z.enum(['string', 'number', 'datetime', 'boolean']).default('string'),
});
export type ReportColumn = z.input<typeof reportColumnSchema>;

export const tableReportSchema = z.object({
  title: z.string(),
  /** file name without extension, e.g. 'attendance-2026-11-24' */
  fileName: z.string().regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only'),
  columns: z.array(reportColumnSchema).min(1),
  rows: z.array(z.record(z.string(), reportCellSchema)),
  /** The language of the headers: CSV and XLSX write booleans as words of it (default Vietnamese). */
  language: z.enum(['vi', 'en']).optional(),
});
export type TableReport = z.input<typeof tableReportSchema>;
