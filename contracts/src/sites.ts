import { z } from 'zod';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';
import { unitCodeSchema } from './units.js';

export const linkProfileSchema = z.enum(['fibre', 'dsl', 'cellular_4g', 'cellular_3g', 'satellite', 'weak']);
export type LinkProfile = z.infer<typeof linkProfileSchema>;

export const siteSchema = z.object({
  id: uuidSchema,
  code: z.string(),
  name: z.string(),
  unitId: uuidSchema,
  address: z.string().nullable(),
  delegateCapacity: z.number().int().min(0),
  linkProfile: linkProfileSchema,
  contact: z.string().nullable(),
});
export type SiteRecord = z.infer<typeof siteSchema>;

const siteFields = {
  code: unitCodeSchema,
  name: z.string().trim().min(1).max(300),
  unitId: uuidSchema,
  address: z.string().trim().max(500).nullable().optional(),
  delegateCapacity: z.number().int().min(0).max(100_000),
  linkProfile: linkProfileSchema,
  contact: z.string().trim().max(300).nullable().optional(),
};
export const createSiteSchema = z.strictObject(siteFields);
export type CreateSite = z.infer<typeof createSiteSchema>;

/** A site can move to another unit of the operator's subtree; its code stays. */
export const updateSiteSchema = z
  .strictObject({
    name: siteFields.name,
    unitId: siteFields.unitId,
    address: siteFields.address,
    delegateCapacity: siteFields.delegateCapacity,
    linkProfile: siteFields.linkProfile,
    contact: siteFields.contact,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');

export const siteListQuerySchema = pageQuerySchema.extend({
  under: uuidSchema.optional(),
  unitId: uuidSchema.optional(),
  linkProfile: linkProfileSchema.optional(),
});

export const sitePageSchema = pageOf(siteSchema);
