import type { RestClient } from '../shell/rest-client';
import { useLoad } from '../../shared/use-load';
import { loadAll } from '../units/load-all';

const none: ReadonlyMap<string, string> = new Map();

/**
 * Names of the units above the deepest tier, by code, for the unit paths of live tiles: a few
 * dozen provinces (and, in the old four-tier tree, ~700 districts), never the ~10,000 communes.
 * Null while they load: a page shows its sites once the names are here, never codes first
 * ("DN › Xã Hòa Bắc", then the names a moment later). Should they fail to load, codes it is.
 * `api` is the console shell's client, or the standalone live page's over its pasted token.
 */
export function useUnitNames(api: RestClient): ReadonlyMap<string, string> | null {
  const names = useLoad('unit-names', async (signal) => {
    const tiers = (await api.call('tiers.list', { signal })).items.map((t) => t.level).sort((a, b) => a - b);
    const upper = tiers.slice(1, -1);
    const lists = await Promise.all(upper.map((tierLevel) => loadAll(api, 'units.list', { tierLevel }, undefined, signal)));
    return new Map(lists.flat().map((u) => [u.code, u.name]));
  });
  return names.data ?? (names.failure ? none : null);
}
