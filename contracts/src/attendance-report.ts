import { z } from 'zod';
import { reportQuerySchema } from './reports.js';

/**
 * The attendance report of a conference, during and after it, as a TableReport (so JSON, CSV and
 * XLSX alike): one row per site, or totals per unit. Column keys are part of the contract (the
 * console and the tests read them); headers follow `lang`.
 */
export const reportLanguageSchema = z.enum(['vi', 'en']);
export type ReportLanguage = z.infer<typeof reportLanguageSchema>;

export const attendanceReportQuerySchema = reportQuerySchema.extend({ lang: reportLanguageSchema.default('vi') }).strict();

export const attendanceTotalsQuerySchema = attendanceReportQuerySchema
  .extend({
    /** Roll sites up to their ancestor unit at this tier (default: each site's own unit). */
    tier: z.coerce.number().int().min(0).max(20).optional(),
  })
  .strict();

/** Keys of the per-site report's columns, in order. */
export const attendanceSiteColumns = [
  'unitCode',
  'unitName',
  'siteCode',
  'siteName',
  'firstJoinedAt',
  'lastLeftAt',
  'connections',
  'intervals',
  'minutesPresent',
  'presentNow',
  'delegates',
] as const;

/** Keys of the per-unit totals' columns, in order. */
export const attendanceUnitColumns = [
  'unitCode',
  'unitName',
  'tierName',
  'sitesInvited',
  'sitesAttended',
  'sitesPresentNow',
  'minutesPresent',
  'delegates',
] as const;
