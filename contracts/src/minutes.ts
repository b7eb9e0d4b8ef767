import { z } from 'zod';
import { uuidSchema } from './paging.js';

/**
 * The minutes ("biên bản") of a conference: a PDF and a DOCX made by a job from the stored facts
 * when the conference ends, and again on an operator's request.
 */
export const minutesFormats = ['pdf', 'docx'] as const;
export const minutesFormatSchema = z.enum(minutesFormats);
export type MinutesFormat = z.infer<typeof minutesFormatSchema>;

export const minutesMediaTypes: Record<MinutesFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** queued: waiting for a worker; generating: being made; ready: the files are there; failed: the last attempt failed. */
export const minutesStateSchema = z.enum(['queued', 'generating', 'ready', 'failed']);
export type MinutesState = z.infer<typeof minutesStateSchema>;

/**
 * The national header above the title: a state body's ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
 * Độc lập - Tự do - Hạnh phúc") or a Party body's ("ĐẢNG CỘNG SẢN VIỆT NAM").
 */
export const minutesHeaderSchema = z.enum(['state', 'party']);
export type MinutesHeader = z.infer<typeof minutesHeaderSchema>;

export const minutesStatusSchema = z.object({
  conferenceId: uuidSchema,
  state: minutesStateSchema,
  header: minutesHeaderSchema,
  requestedAt: z.iso.datetime(),
  /** when the files now served were made (a regeneration in progress keeps the previous time) */
  generatedAt: z.iso.datetime().nullable(),
  /** why the last attempt failed */
  error: z.string().nullable(),
});
export type MinutesStatus = z.infer<typeof minutesStatusSchema>;

export const generateMinutesSchema = z.strictObject({ header: minutesHeaderSchema.optional() });
