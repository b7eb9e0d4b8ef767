import { z } from 'zod';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';

/** Unit and tier codes go into materialised paths ("/TW/HN/"), so no slash and no spaces. */
export const unitCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

export const unitSchema = z.object({
  id: uuidSchema,
  code: z.string(),
  name: z.string(),
  tierLevel: z.number().int().min(0),
  tierName: z.string(),
  parentId: uuidSchema.nullable(),
  path: z.string(),
});
export type UnitRecord = z.infer<typeof unitSchema>;

export const createUnitSchema = z.strictObject({
  code: unitCodeSchema,
  name: z.string().trim().min(1).max(300),
  /** The new unit sits one tier below its parent. */
  parentId: uuidSchema,
});
export type CreateUnit = z.infer<typeof createUnitSchema>;

export const updateUnitSchema = z.strictObject({ name: z.string().trim().min(1).max(300) });

export const unitListQuerySchema = pageQuerySchema.extend({
  /** Only this unit and everything below it. */
  under: uuidSchema.optional(),
  parentId: uuidSchema.optional(),
  tierLevel: z.coerce.number().int().min(0).max(20).optional(),
});

export const unitPageSchema = pageOf(unitSchema);

export const tierSchema = z.object({ level: z.number().int().min(0), name: z.string() });
