import { useT } from '../../i18n/language';
import { useConsole } from '../shell/console-session';
import { SearchPicker } from '../schedule/SearchPicker';

export interface ChosenSite {
  siteId: string;
  name: string;
  unitPath: string;
}

/**
 * Finds a site of this conference by name or code (a national one has 15,000: a list would be
 * useless), never the hall itself: it is on air already and cannot be given the floor.
 */
export function SiteChooser({ conferenceId, hallSiteId, onPick }: { conferenceId: string; hallSiteId: string | null; onPick(site: ChosenSite): void }) {
  const o = useT().operator.stage;
  const { api } = useConsole();
  const search = async (q: string, signal: AbortSignal) =>
    (await api.call('conferences.participants', { params: { id: conferenceId }, query: { q, limit: 11 }, signal })).items
      .filter((p) => p.siteId !== hallSiteId)
      .slice(0, 10)
      .map((p) => ({ id: p.siteId, siteId: p.siteId, name: p.name, code: p.code, unitPath: p.unitPath }));
  return (
    <SearchPicker
      label={o.pickSite}
      testId="stage-site-picker"
      search={search}
      render={(s) => (
        <>
          {s.name} <span className="muted">· {s.code}</span>
        </>
      )}
      onPick={(s) => onPick({ siteId: s.siteId, name: s.name, unitPath: s.unitPath })}
    />
  );
}
