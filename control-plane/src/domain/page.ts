import type { PageQuery } from '@lienthong/contracts';

/** One page of a list: the rows asked for and how many match in all. */
export async function page<T>(
  q: PageQuery,
  count: () => Promise<number>,
  find: (window: { skip: number; take: number }) => Promise<T[]>,
) {
  const [total, items] = await Promise.all([count(), find({ skip: q.offset, take: q.limit })]);
  return { items, total, limit: q.limit, offset: q.offset };
}
