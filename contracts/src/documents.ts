import { z } from 'zod';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';

/** Secret documents are seen by operators only and never leave on paper or QR code. */
export const documentClassificationSchema = z.enum(['public', 'internal', 'secret']);
export type DocumentClassification = z.infer<typeof documentClassificationSchema>;

export const documentSchema = z.object({
  id: uuidSchema,
  conferenceId: uuidSchema,
  title: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int().min(0),
  classification: documentClassificationSchema,
  createdAt: z.string(),
});
export type DocumentRecord = z.infer<typeof documentSchema>;

export const createDocumentSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, 'a file name, not a path'),
  mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as application/pdf'),
  sizeBytes: z.number().int().min(0).max(2 ** 31 - 1),
  classification: documentClassificationSchema,
});

export const documentListQuerySchema = pageQuerySchema.extend({
  classification: documentClassificationSchema.optional(),
});
export const documentPageSchema = pageOf(documentSchema);
