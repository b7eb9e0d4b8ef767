import type { EndpointId } from '@lienthong/contracts';
import type { Answer, CallInput, RestClient } from '../shell/rest-client';

type PagedId = 'units.list' | 'sites.list';
const PAGE = 500;

/**
 * Every item of a list endpoint (the API pages at 500): the first page says how many there are,
 * the rest are fetched a few at a time. `onProgress` gets the count loaded so far.
 */
export async function loadAll<K extends PagedId & EndpointId>(
  api: RestClient,
  id: K,
  query: CallInput<K>['query'],
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<Answer<K>['items']> {
  const first = await api.call(id, { query: { ...query, limit: PAGE, offset: 0 }, signal });
  const items = [...first.items] as Answer<K>['items'];
  onProgress?.(items.length);
  const offsets: number[] = [];
  for (let o = PAGE; o < first.total; o += PAGE) offsets.push(o);
  const parallel = 4;
  for (let i = 0; i < offsets.length; i += parallel) {
    const pages = await Promise.all(offsets.slice(i, i + parallel).map((offset) => api.call(id, { query: { ...query, limit: PAGE, offset }, signal })));
    for (const p of pages) items.push(...(p.items as never[]));
    onProgress?.(items.length);
  }
  return items;
}
