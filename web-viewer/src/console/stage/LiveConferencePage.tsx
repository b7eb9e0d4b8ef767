import { isRunning } from '@lienthong/contracts';
import { useCallback, useMemo } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { LiveConsole, type LiveConsoleSlots } from '../live/LiveConsole';
import type { LiveSite } from '../live/health-store';
import { useUnitNames } from '../live/use-unit-names';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { useLoad } from '../../shared/use-load';
import { EndConferenceButton } from './EndConferenceButton';
import { StagePanel } from './StagePanel';
import { ConsoleVotesPanel } from '../../votes/ConsoleVotesPanel';
import { ConsoleOpinionsPanel } from '../../opinions/ConsoleOpinionsPanel';


/**
 * `/console/conferences/:id/live`: the live grid of the conference's sites with the stage beside
 * it (floor, raise-hand queue, any site, notices) and, on every connected site but the hall,
 * "give the floor". Once the conference is over, the page says "ended" and its controls go.
 */
export function LiveConferencePage({ id }: { id: string }) {
  const { t } = useLanguage();
  const o = t.operator.stage;
  const { session, api } = useConsole();
  const conference = useLoad(`definition:${id}`, (signal) => api.call('conferences.definition', { params: { id }, signal }));
  const unitNames = useUnitNames(api);
  const c = conference.data;
  const ended = !!c && !isRunning(c.status);
  const hallSiteId = c?.originSiteId ?? null;
  const giveFloor = useCallback(
    (siteId: string) => void api.call('conferences.giveFloor', { params: { id }, body: { siteId } }).catch((err: unknown) => console.warn(err)),
    [api, id],
  );
  // Memoised: the grid re-renders a tile only when its site changes, not on every update.
  const siteActions = useCallback(
    (site: LiveSite) =>
      // The hall is on air already: the floor is for the other sites.
      site.connected && !ended && site.id !== hallSiteId ? (
        <button type="button" className="button button-small" data-testid="tile-give-floor" onClick={() => giveFloor(site.id)}>
          {o.giveFloor}
        </button>
      ) : null,
    [giveFloor, o.giveFloor, ended, hallSiteId],
  );
  const slots: LiveConsoleSlots = useMemo(
    () => ({ siteActions, sidePanel: c ? <StagePanel conferenceId={id} hallSiteId={hallSiteId} ended={ended} since={c.scheduledStart} /> : null }),
    [siteActions, id, hallSiteId, ended, c],
  );
  if (conference.failure) return <FailureBox failure={conference.failure} />;
  return (
    <div className="live-conference" data-testid="live-conference" data-ended={ended}>
      <div className="section-head">
        <h1>{c?.title ?? '…'}</h1>
        {ended ? (
          <span className="status-pill status-ended" role="status" data-testid="conference-ended">
            {c.status === 'ended' ? o.ended : t.operator.common.status[c.status]}
          </span>
        ) : c ? (
          <EndConferenceButton conferenceId={id} onEnded={conference.reload} />
        ) : null}
        <Link to={`/console/conferences/${id}`} className="button">
          {t.operator.conference.backToConference}
        </Link>
      </div>
      {unitNames ? (
        <LiveConsole auth={session} conferenceId={id} slots={slots} unitNames={unitNames} ended={ended} />
      ) : (
        <p className="muted">{t.operator.common.loading}</p>
      )}
      <ConsoleOpinionsPanel conferenceId={id} running={!!c && !ended} />
      <ConsoleVotesPanel conferenceId={id} canRun={!!conference.data && isRunning(conference.data.status)} />
    </div>
  );
}
