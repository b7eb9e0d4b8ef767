import { z } from 'zod';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';

export const auditOutcomeSchema = z.enum(['done', 'denied']);

export const auditEntrySchema = z.object({
  id: uuidSchema,
  at: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  /** "<resource>.<verb>", e.g. "conference.create". */
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  unitPath: z.string().nullable(),
  outcome: auditOutcomeSchema,
  ip: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntryRecord = z.infer<typeof auditEntrySchema>;

export const auditListQuerySchema = pageQuerySchema.extend({
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(128).optional(),
  outcome: auditOutcomeSchema.optional(),
  under: uuidSchema.optional(),
});
export const auditPageSchema = pageOf(auditEntrySchema);
