import { useEffect } from 'react';
import { useT } from '../../i18n/language';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';

/** The origin hall: one of the host unit's own sites; a new host's first site is chosen for a start. */
export function HallSelect({ hostId, value, onChange }: { hostId: string | null; value: string; onChange(siteId: string): void }) {
  const t = useT().operator.schedule;
  const { api } = useConsole();
  const halls = useLoad(`halls:${hostId}`, async (signal) => (hostId ? (await api.call('sites.list', { query: { unitId: hostId, limit: 100 }, signal })).items : []));
  useEffect(() => {
    if (halls.data && !halls.data.some((s) => s.id === value)) onChange(halls.data[0]?.id ?? '');
  }, [halls.data, value, onChange]);
  return (
    <label className="field">
      <span className="field-label">{t.originSite}</span>
      <select name="origin" value={value} onChange={(e) => onChange(e.target.value)} required>
        {(halls.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code})
          </option>
        ))}
      </select>
    </label>
  );
}
