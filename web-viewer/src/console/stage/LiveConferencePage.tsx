import { useCallback, useMemo } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { LiveConsole, type LiveConsoleSlots } from '../live/LiveConsole';
import type { LiveSite } from '../live/health-store';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { useLoad } from '../shell/use-load';
import { EndConferenceButton } from './EndConferenceButton';
import { StagePanel } from './StagePanel';

const running = new Set(['open', 'live']);

/**
 * `/console/conferences/:id/live`: the live grid of the conference's sites with the stage beside
 * it (floor, raise-hand queue, notices) and, on every connected site, "give the floor".
 */
export function LiveConferencePage({ id }: { id: string }) {
  const { t } = useLanguage();
  const o = t.operator.stage;
  const { session, api } = useConsole();
  const conference = useLoad(`definition:${id}`, (signal) => api.call('conferences.definition', { params: { id }, signal }));
  const giveFloor = useCallback(
    (siteId: string) => void api.call('conferences.giveFloor', { params: { id }, body: { siteId } }).catch((err: unknown) => console.warn(err)),
    [api, id],
  );
  // Memoised: the grid re-renders a tile only when its site changes, not on every update.
  const siteActions = useCallback(
    (site: LiveSite) =>
      site.connected ? (
        <button type="button" className="button button-small" data-testid="tile-give-floor" onClick={() => giveFloor(site.id)}>
          {o.giveFloor}
        </button>
      ) : null,
    [giveFloor, o.giveFloor],
  );
  const slots: LiveConsoleSlots = useMemo(
    () => ({ siteActions, sidePanel: <StagePanel conferenceId={id} sites={[]} /> }),
    [siteActions, id],
  );
  if (conference.failure) return <FailureBox failure={conference.failure} />;
  return (
    <div className="live-conference" data-testid="live-conference">
      <div className="section-head">
        <h1>{conference.data?.title ?? '…'}</h1>
        {conference.data?.status === 'ended' ? (
          <span className="muted" role="status" data-testid="conference-ended">
            {o.ended}
          </span>
        ) : conference.data && running.has(conference.data.status) ? (
          <EndConferenceButton conferenceId={id} onEnded={conference.reload} />
        ) : null}
        <Link to={`/console/conferences/${id}`} className="button">
          {t.operator.conference.backToConference}
        </Link>
      </div>
      <LiveConsole token={session.token} conferenceId={id} slots={slots} />
    </div>
  );
}
