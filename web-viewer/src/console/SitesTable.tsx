import type { ConferenceSite } from '@lienthong/contracts';
import { useDeferredValue, useMemo, useState } from 'react';
import { useT } from '../i18n/language';

/** A national conference has ~15,000 sites: render at most this many rows, filter for the rest. */
const MAX_ROWS = 500;

function matches(site: ConferenceSite, needle: string): boolean {
  if (!needle) return true;
  return [site.name, site.code, site.unit.name, site.nodeId ?? ''].some((field) => field.toLowerCase().includes(needle));
}

/** The hall first, then the sites in the server's order. */
function ordered(sites: readonly ConferenceSite[]): ConferenceSite[] {
  return [...sites].sort((a, b) => Number(b.isOrigin) - Number(a.isOrigin));
}

export function SitesTable({ sites }: { sites: readonly ConferenceSite[] }) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const needle = useDeferredValue(filter.trim().toLowerCase());
  const shown = useMemo(() => ordered(sites).filter((s) => matches(s, needle)), [sites, needle]);
  return (
    <>
      {sites.length > 10 ? (
        <input
          className="filter"
          type="search"
          placeholder={t.console.filter}
          aria-label={t.console.filter}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      ) : null}
      <div className="table-wrap">
        <table className="table sites-table">
          <thead>
            <tr>
              <th>{t.console.col.connected}</th>
              <th>{t.console.col.code}</th>
              <th>{t.console.col.site}</th>
              <th>{t.console.col.unit}</th>
              <th>{t.console.col.tier}</th>
              <th>{t.console.col.node}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((site) => (
              <tr key={site.id} data-site-id={site.id} data-connected={site.connected}>
                <td>
                  <span
                    className={site.connected ? 'dot dot-on' : 'dot dot-off'}
                    role="img"
                    aria-label={site.connected ? t.console.connected : t.console.disconnected}
                    title={site.connected ? t.console.connected : t.console.disconnected}
                  />
                </td>
                <td>
                  <code>{site.code}</code>
                </td>
                <td>
                  {site.name}
                  {site.isOrigin ? <span className="origin-badge">{t.console.origin}</span> : null}
                </td>
                <td>{site.unit.name}</td>
                <td>{site.unit.tier}</td>
                <td>{site.nodeId ? <code>{site.nodeId}</code> : t.console.notPlaced}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > MAX_ROWS ? <p className="muted">{t.console.showingFirst(MAX_ROWS, shown.length)}</p> : null}
    </>
  );
}
