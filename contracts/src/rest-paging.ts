import type { EndpointId } from './rest.js';
import type { AnswerOf } from './rest-answer.js';
import type { QueryValue } from './rest-request.js';

/** The page shape every list endpoint answers with (`pageOf` in paging.ts). */
export interface Page<T = unknown> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Endpoints that answer a page, so their lists can be walked. */
export type PagedEndpointId = { [K in EndpointId]: AnswerOf<K> extends Page ? K : never }[EndpointId];
export type ItemOf<K extends EndpointId> = AnswerOf<K> extends Page<infer T> ? T : never;

/** The most a list endpoint gives in one page (pageQuerySchema's `limit` bound). */
export const MAX_PAGE_SIZE = 500;

/**
 * Walks a list page after page: from the query's offset, `pageSize` rows at a time, until the
 * answer's total is reached or a page comes back short (rows deleted meanwhile).
 */
export async function* walkPages<P extends Page>(
  fetchPage: (query: { limit: number; offset: number }) => Promise<P>,
  query: Record<string, QueryValue> = {},
  pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<P> {
  let offset = Number(query.offset ?? 0);
  for (;;) {
    const page = await fetchPage({ limit: pageSize, offset });
    yield page;
    offset = page.offset + page.items.length;
    if (page.items.length === 0 || page.items.length < page.limit || offset >= page.total) return;
  }
}

export interface CollectOptions {
  pageSize?: number;
  /** Pages asked for at once after the first (whose total says how many there are); default 1. */
  parallel?: number;
  /** Told the count of items loaded so far, after each batch. */
  onProgress?: (loaded: number) => void;
}

/**
 * Every item of a list: the first page says how many there are, the rest are fetched `parallel`
 * at a time, in order. A list that grows meanwhile is read up to the first page's total.
 */
export async function collectPages<T>(fetchPage: (query: { limit: number; offset: number }) => Promise<Page<T>>, options: CollectOptions = {}): Promise<T[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const first = await fetchPage({ limit: pageSize, offset: 0 });
  const items = [...first.items];
  options.onProgress?.(items.length);
  const offsets: number[] = [];
  for (let offset = first.items.length; first.items.length > 0 && offset < first.total; offset += pageSize) offsets.push(offset);
  const parallel = Math.max(1, options.parallel ?? 1);
  for (let i = 0; i < offsets.length; i += parallel) {
    const pages = await Promise.all(offsets.slice(i, i + parallel).map((offset) => fetchPage({ limit: pageSize, offset })));
    for (const page of pages) items.push(...page.items);
    options.onProgress?.(items.length);
  }
  return items;
}
