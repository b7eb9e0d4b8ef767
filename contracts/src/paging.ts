import { z } from 'zod';

/**
 * The one query schema every list endpoint starts from (each adds its own filters with
 * `.extend`), and the one page shape every list answers with. Query strings arrive as text, so
 * numbers are coerced here and nowhere else.
 */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Case-insensitive text search (codes, names, titles: each list says which). */
  q: z.string().trim().min(1).max(200).optional(),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Rows matching the filters, all pages together. */
    total: z.number().int().min(0),
    limit: z.number().int().min(1),
    offset: z.number().int().min(0),
  });

/** "true"/"false" in a query string. */
export const queryBoolean = () => z.enum(['true', 'false']).transform((v) => v === 'true');

export const uuidSchema = z.uuid();
/** `/…/:id` of a database row: a uuid and nothing else. */
export const idParamsSchema = z.strictObject({ id: uuidSchema });
/** A datetime with an explicit offset ("2026-01-13T08:00:00+07:00" or "...Z"). */
export const instantSchema = z.iso.datetime({ offset: true });
