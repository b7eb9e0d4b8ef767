// What crosses between the control plane and its import worker thread, checked on each side.
import { issueSchema, wireErrorSchema } from '@lienthong/contracts';
import { z } from 'zod';

/** What an import reads: units or sites (csv-parse.ts has each one's row schema). */
export const csvKindSchema = z.enum(['units', 'sites']);
export type CsvKind = z.infer<typeof csvKindSchema>;

export const csvJobSchema = z.object({ kind: csvKindSchema, text: z.string() });
export type CsvJob = z.infer<typeof csvJobSchema>;

/**
 * The worker's messages: the rows that passed their schema in batches (each batch is one task on
 * the control plane's event loop), then `done` with the issues of the others, or `failed`. Rows
 * were checked in the worker; checking each again here would put that work back on the event
 * loop, so only the envelope is checked.
 */
export const csvMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rows'), rows: z.array(z.unknown()) }),
  z.object({ type: z.literal('done'), issues: z.array(issueSchema), total: z.number().int().min(0) }),
  z.object({ type: z.literal('failed'), error: wireErrorSchema, cause: z.string().optional() }),
]);
export type CsvMessage = z.infer<typeof csvMessageSchema>;
