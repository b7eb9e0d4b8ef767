import { z } from 'zod';
import { linkProfileSchema } from './sites.js';
import { unitCodeSchema } from './units.js';

/**
 * CSV bulk import (the real hierarchy arrives as spreadsheets). One header row; columns by name,
 * in any order. A file is imported whole or not at all; a bad row comes back as an issue whose
 * path is [line number, column].
 */
/**
 * The largest CSV an import accepts. The national tree is ~11,000 units and ~15,000 sites: its
 * sites file with an address and a contact on every row is ~3.4 MB, its units file ~0.4 MB.
 */
export const maxCsvImportBytes = 6 * 1024 * 1024;

const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const unitCsvRowSchema = z.strictObject({
  code: unitCodeSchema,
  name: z.string().trim().min(1).max(300),
  /** A unit already stored or one on an earlier line of the same file. */
  parent_code: unitCodeSchema,
});
export type UnitCsvRow = z.infer<typeof unitCsvRowSchema>;

export const siteCsvRowSchema = z.strictObject({
  code: unitCodeSchema,
  name: z.string().trim().min(1).max(300),
  unit_code: unitCodeSchema,
  address: z.preprocess(blankAsNull, z.string().trim().max(500).nullable()).optional(),
  delegate_capacity: z.coerce.number().int().min(0).max(100_000),
  link_profile: linkProfileSchema,
  contact: z.preprocess(blankAsNull, z.string().trim().max(300).nullable()).optional(),
});
export type SiteCsvRow = z.infer<typeof siteCsvRowSchema>;

export const importResultSchema = z.object({ created: z.number().int().min(0) });
