import { useLanguage } from '../../i18n/language';
import type { SiteFilter } from './site-filter';

export type LiveLayout = 'grid' | 'table';

export function SiteFilters(props: {
  filter: SiteFilter;
  onFilter(filter: SiteFilter): void;
  tiers: ReadonlyMap<number, string>;
  layout: LiveLayout;
  onLayout(layout: LiveLayout): void;
  shown: number;
  total: number;
}) {
  const { t } = useLanguage();
  const { filter, onFilter } = props;
  return (
    <div className="live-filters">
      <label>
        {t.liveConsole.tier}{' '}
        <select
          value={filter.tier ?? ''}
          onChange={(e) => onFilter({ ...filter, tier: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">{t.liveConsole.allTiers}</option>
          {[...props.tiers].map(([level, name]) => (
            <option key={level} value={level}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.liveConsole.unit}{' '}
        <input type="search" value={filter.unit} placeholder={t.liveConsole.unitPlaceholder} onChange={(e) => onFilter({ ...filter, unit: e.target.value })} />
      </label>
      <label>
        <input type="checkbox" checked={filter.problemsOnly} onChange={(e) => onFilter({ ...filter, problemsOnly: e.target.checked })} />{' '}
        {t.liveConsole.problemsOnly}
      </label>
      <span className="muted">{t.liveConsole.shown(props.shown, props.total)}</span>
      <span className="live-layout" role="group">
        {(['grid', 'table'] as const).map((layout) => (
          <button key={layout} type="button" className="button" aria-pressed={props.layout === layout} onClick={() => props.onLayout(layout)}>
            {t.liveConsole[layout]}
          </button>
        ))}
      </span>
    </div>
  );
}
