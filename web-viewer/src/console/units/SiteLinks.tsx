import type { SiteRecord } from '@lienthong/contracts';
import type { Selection } from './UnitTree';

/** Sites as items of a list: a click selects the site for the panel. */
export function SiteLinks({ sites, onSelect }: { sites: SiteRecord[]; onSelect(selection: Selection): void }) {
  return sites.map((s) => (
    <li key={s.id}>
      <button type="button" className="link-button" onClick={() => onSelect({ kind: 'site', id: s.id })}>
        {s.name}
      </button>{' '}
      <code className="muted">{s.code}</code>
    </li>
  ));
}
