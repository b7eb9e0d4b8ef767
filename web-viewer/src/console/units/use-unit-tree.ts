import type { SiteRecord, UnitRecord } from '@lienthong/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Failure, toFailure } from '../../shared/failure';
import type { RestClient } from '../shell/rest-client';
import { loadAll } from './load-all';
import { flattenTree, groupSubtree, type TreeData } from './tree-model';

const empty: TreeData = { roots: [], childUnits: new Map(), sites: new Map(), expanded: new Set(), loading: new Set() };

/**
 * The unit tree of the operator's subtree, loaded lazily: a unit's children and sites are fetched
 * when it is first opened. `expandAll` loads the whole subtree at once (a nation: ~11,000 units
 * and ~15,000 sites, in pages of 500).
 */
export function useUnitTree(api: RestClient) {
  const [data, setData] = useState<TreeData>(empty);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [bulkLoaded, setBulkLoaded] = useState<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // The scope's root comes first: units are listed in path order.
    api.call('units.list', { query: { limit: 1 }, signal: controller.signal }).then(
      (page) => setData({ ...empty, roots: page.items }),
      (err: unknown) => !controller.signal.aborted && setFailure(toFailure(err)),
    );
    return () => controller.abort();
  }, [api]);

  const loadChildren = useCallback(
    async (unitId: string) => {
      setData((d) => ({ ...d, loading: new Set(d.loading).add(unitId) }));
      try {
        const [units, sites] = await Promise.all([
          loadAll(api, 'units.list', { parentId: unitId }),
          loadAll(api, 'sites.list', { unitId }),
        ]);
        setData((d) => ({
          ...d,
          childUnits: new Map(d.childUnits).set(unitId, units),
          sites: new Map(d.sites).set(unitId, sites),
          loading: without(d.loading, unitId),
        }));
      } catch (err) {
        setFailure(toFailure(err));
        setData((d) => ({ ...d, loading: without(d.loading, unitId) }));
      }
    },
    [api],
  );

  const toggle = useCallback(
    (unitId: string) => {
      const open = !data.expanded.has(unitId);
      setData((d) => ({ ...d, expanded: open ? new Set(d.expanded).add(unitId) : without(d.expanded, unitId) }));
      if (open && !data.childUnits.has(unitId)) void loadChildren(unitId);
    },
    [data, loadChildren],
  );

  const expandAll = useCallback(async () => {
    const root = data.roots[0];
    if (!root) return;
    setBulkLoaded(0);
    try {
      let unitsLoaded = 0;
      const units = await loadAll(api, 'units.list', { under: root.id }, (n) => setBulkLoaded((unitsLoaded = n)));
      const sites = await loadAll(api, 'sites.list', { under: root.id }, (n) => setBulkLoaded(unitsLoaded + n));
      const grouped = groupSubtree(units, sites);
      setData((d) => ({ ...d, ...grouped, expanded: new Set(units.map((u) => u.id)) }));
    } catch (err) {
      setFailure(toFailure(err));
    } finally {
      setBulkLoaded(null);
    }
  }, [api, data.roots]);

  const collapseAll = useCallback(() => setData((d) => ({ ...d, expanded: new Set() })), []);

  /** After a change: a unit's children and sites are fetched again (and the unit opened). */
  const refresh = useCallback(
    async (unitId: string) => {
      setData((d) => ({ ...d, expanded: new Set(d.expanded).add(unitId) }));
      await loadChildren(unitId);
    },
    [loadChildren],
  );

  const replaceUnit = useCallback((unit: UnitRecord) => setData((d) => ({ ...d, roots: d.roots.map((r) => (r.id === unit.id ? unit : r)), childUnits: mapValues(d.childUnits, (list) => list.map((u) => (u.id === unit.id ? unit : u))) })), []);
  const replaceSite = useCallback((site: SiteRecord) => setData((d) => ({ ...d, sites: mapValues(d.sites, (list) => list.map((s) => (s.id === site.id ? site : s))) })), []);

  const rows = useMemo(() => flattenTree(data), [data]);
  return { rows, data, failure, bulkLoaded, toggle, expandAll, collapseAll, refresh, replaceUnit, replaceSite };
}

function without<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  next.delete(value);
  return next;
}

function mapValues<K, V>(map: ReadonlyMap<K, V>, fn: (v: V) => V): Map<K, V> {
  return new Map([...map].map(([k, v]) => [k, fn(v)]));
}
