import { z } from 'zod';

/** What a handler of an `answerType: 'file'` endpoint returns: the file is then sent, not this. */
export const fileAnswerSchema = z.object({
  path: z.string().min(1),
  fileName: z.string().min(1),
  mediaType: z.string().min(1),
  /** shown in the browser (a PDF) rather than downloaded */
  inline: z.boolean().default(false),
});

/**
 * What a file endpoint answers when the file is still being made by a job: sent as JSON with
 * 202 Accepted, the job's state in `accepted`.
 */
export const acceptedAnswerSchema = z.object({ accepted: z.record(z.string(), z.unknown()) });
