/**
 * Escapes LIKE wildcards. Prisma puts `startsWith`/`contains` values into LIKE unescaped, so a
 * code or search text holding `_` or `%` would otherwise match other rows.
 */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive "contains" on any of the given fields, as a Prisma OR filter. */
export function textSearch<F extends string>(fields: F[], q: string | undefined) {
  if (!q) return {};
  const contains = escapeLike(q);
  return { OR: fields.map((f) => ({ [f]: { contains, mode: 'insensitive' as const } })) };
}
