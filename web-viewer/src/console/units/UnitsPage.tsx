import type { SiteRecord, UnitRecord } from '@lienthong/contracts';
import { useDeferredValue, useMemo, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';
import { CsvImport } from './CsvImport';
import { SiteForm } from './SiteForm';
import { SiteLinks } from './SiteLinks';
import { UnitPanel } from './UnitPanel';
import { type Selection, UnitTree } from './UnitTree';
import { useUnitTree } from './use-unit-tree';

/** `/console/units`: the operator's subtree as a tree, a panel to change what is selected, CSV import. */
export function UnitsPage() {
  const t = useT().operator;
  const { api } = useConsole();
  const tree = useUnitTree(api);
  const [selected, setSelected] = useState<Selection>(null);
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const found = useLoad(`search:${q}`, async (signal) =>
    q
      ? Promise.all([api.call('units.list', { query: { q, limit: 50 }, signal }), api.call('sites.list', { query: { q, limit: 50 }, signal })])
      : null,
  );
  const tiers = useLoad('tiers', (signal) => api.call('tiers.list', { signal }));

  // What the panel shows: from the tree, or from the search results.
  const known = useMemo(() => {
    const units = new Map<string, UnitRecord>();
    const sites = new Map<string, SiteRecord>();
    for (const r of tree.data.roots) units.set(r.id, r);
    for (const list of tree.data.childUnits.values()) for (const u of list) units.set(u.id, u);
    for (const list of tree.data.sites.values()) for (const s of list) sites.set(s.id, s);
    for (const u of found.data?.[0].items ?? []) units.set(u.id, u);
    for (const s of found.data?.[1].items ?? []) sites.set(s.id, s);
    return { units, sites };
  }, [tree.data, found.data]);

  return (
    <div className="units-page">
      <section className="console-section units-tree-section">
        <div className="section-head">
          <h1>{t.units.title}</h1>
          <span className="muted" data-testid="tree-row-count">{t.units.rows(tree.rows.length)}</span>
        </div>
        <div className="toolbar">
          <input className="filter" type="search" placeholder={t.units.search} aria-label={t.units.search} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="unit-search" />
          <button type="button" className="button" onClick={() => void tree.expandAll()} disabled={tree.bulkLoaded !== null} data-testid="expand-all">
            {tree.bulkLoaded !== null ? t.units.loadingAll(tree.bulkLoaded) : t.units.expandAll}
          </button>
          <button type="button" className="button" onClick={tree.collapseAll}>
            {t.units.collapseAll}
          </button>
        </div>
        {tree.failure ? <FailureBox failure={tree.failure} compact /> : null}
        {q ? (
          <SearchResults units={found.data?.[0].items ?? []} sites={found.data?.[1].items ?? []} loading={found.loading} onSelect={setSelected} />
        ) : (
          <UnitTree rows={tree.rows} selected={selected} onToggle={tree.toggle} onSelect={setSelected} />
        )}
      </section>
      <aside className="console-section units-panel">
        {selected?.kind === 'unit' && known.units.get(selected.id) ? (
          <UnitPanel
            key={selected.id}
            unit={known.units.get(selected.id)!}
            tiers={tiers.data?.items ?? []}
            sites={tree.data.sites.get(selected.id)}
            onRenamed={tree.replaceUnit}
            onChanged={() => void tree.refresh(selected.id)}
            onSelect={setSelected}
          />
        ) : selected?.kind === 'site' && known.sites.get(selected.id) ? (
          <SiteForm key={selected.id} site={known.sites.get(selected.id)} onSaved={tree.replaceSite} />
        ) : (
          <p className="muted">{t.units.selectHint}</p>
        )}
        <CsvImport onImported={() => tree.data.roots[0] && void tree.refresh(tree.data.roots[0].id)} />
      </aside>
    </div>
  );
}

function SearchResults({ units, sites, loading, onSelect }: { units: UnitRecord[]; sites: SiteRecord[]; loading: boolean; onSelect(s: Selection): void }) {
  const t = useT().operator;
  if (loading && !units.length && !sites.length) return <p className="muted">{t.common.loading}</p>;
  if (!units.length && !sites.length) return <p className="muted">{t.units.noResults}</p>;
  return (
    <div className="search-results" data-testid="search-results">
      <p className="muted">{t.units.searchResults(units.length, sites.length)}</p>
      <ul className="plain-list">
        {units.map((u) => (
          <li key={u.id}>
            <button type="button" className="link-button" onClick={() => onSelect({ kind: 'unit', id: u.id })}>
              {u.name}
            </button>{' '}
            <span className="muted">
              {u.tierName} · <code>{u.code}</code>
            </span>
          </li>
        ))}
        <SiteLinks sites={sites} onSelect={onSelect} />
      </ul>
    </div>
  );
}
