import type { ItemOf } from '@lienthong/contracts';
import type { CallInput, RestClient } from '../shell/rest-client';

type PagedId = 'units.list' | 'sites.list';

/**
 * Every unit or site matching `query` (the API pages at 500): the first page says how many there
 * are, the rest are fetched four at a time. `onProgress` gets the count loaded so far.
 */
export function loadAll<K extends PagedId>(
  api: RestClient,
  id: K,
  query: CallInput<K>['query'],
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<ItemOf<K>[]> {
  return api.all(id, { query, signal }, { parallel: 4, onProgress });
}
