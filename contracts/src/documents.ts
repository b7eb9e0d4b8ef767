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
  /** the file itself has been uploaded (metadata can exist first) */
  hasFile: z.boolean(),
  /**
   * A link delegates open from a QR code, without logging in: public and internal documents with
   * a file only. Secret documents never get one (they do not leave the hall on a phone).
   */
  delegateLink: z.string().nullable(),
});
export type DocumentRecord = z.infer<typeof documentSchema>;

/** What a site's page shows of a document: public ones only, with their delegate link. */
export const siteDocumentSchema = documentSchema.pick({ id: true, title: true, fileName: true, mediaType: true, sizeBytes: true }).extend({
  delegateLink: z.string(),
});
export type SiteDocument = z.infer<typeof siteDocumentSchema>;

/** Largest document file accepted (a resolution with annexes, scanned). */
export const maxDocumentBytes = 50 * 1024 * 1024;
export const documentTokenParamsSchema = z.strictObject({ token: z.string().min(20).max(2000) });

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
