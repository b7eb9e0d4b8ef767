import type { SiteRecord, UnitRecord } from '@lienthong/contracts';
import { useT } from '../../i18n/language';
import { useConsole } from '../shell/console-session';
import { SearchPicker } from './SearchPicker';

/** Picks a unit of the operator's scope. */
export function UnitPicker({ onPick, testId }: { onPick(unit: UnitRecord): void; testId?: string }) {
  const t = useT().operator.schedule;
  const { api } = useConsole();
  return (
    <SearchPicker
      label={t.pickUnit}
      testId={testId}
      search={async (q, signal) => (await api.call('units.list', { query: { q, limit: 10 }, signal })).items}
      render={(u) => (
        <>
          {u.name} <span className="muted">· {u.tierName} · {u.code}</span>
        </>
      )}
      onPick={onPick}
    />
  );
}

/** Picks a site of the operator's scope (optionally of one unit). */
export function SitePicker({ onPick, unitId, testId }: { onPick(site: SiteRecord): void; unitId?: string; testId?: string }) {
  const t = useT().operator.schedule;
  const { api } = useConsole();
  return (
    <SearchPicker
      label={t.pickSite}
      testId={testId}
      search={async (q, signal) => (await api.call('sites.list', { query: { q, limit: 10, ...(unitId ? { unitId } : {}) }, signal })).items}
      render={(s) => (
        <>
          {s.name} <span className="muted">· {s.code}</span>
        </>
      )}
      onPick={onPick}
    />
  );
}
