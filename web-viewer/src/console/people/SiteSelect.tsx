import { useT } from '../../i18n/language';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';

/** The sites of one unit, for a site operator (whose site must be in the person's own unit). */
export function SiteSelect({ unitId, value, onChange, describedBy }: { unitId: string; value: string; onChange(siteId: string): void; describedBy?: object }) {
  const t = useT().operator.people;
  const { api } = useConsole();
  const sites = useLoad(`sites-of:${unitId}`, (signal) => api.call('sites.list', { query: { unitId, limit: 100 }, signal }));
  return (
    <select aria-label={t.site} value={value} onChange={(e) => onChange(e.target.value)} data-testid="person-site" {...describedBy}>
      <option value="">{t.pickSite}</option>
      {sites.data?.items.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}
