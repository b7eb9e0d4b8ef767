import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { AlertList } from './AlertList';
import { openConsoleSocket, type SocketSession } from './console-socket';
import { HealthConnection, type ConnectionState, type WatchMode } from './health-connection';
import { LiveHealthStore, type LiveSite } from './health-store';
import { LiveCounts } from './LiveCounts';
import { PreviewSession, PreviewStreams } from './preview-session';
import { filterSites, noFilter, type SiteFilter } from './site-filter';
import { SiteFilters, type LiveLayout } from './SiteFilters';
import { SiteGrid } from './SiteGrid';
import { SiteHealthTable } from './SiteHealthTable';
import './live-console.css';

/**
 * Slots the floor-control work fills in; the live console only lays them out.
 * - `siteActions`: per-site buttons (give the floor, mute, send a notice), in every tile and row.
 * - `sidePanel`: above the alerts, e.g. the raise-hand queue.
 * - `toolbar`: conference-wide actions over the sites the filters keep (notice to some or all).
 */
export interface LiveConsoleSlots {
  siteActions?: (site: LiveSite) => ReactNode;
  sidePanel?: ReactNode;
  toolbar?: (shownSites: readonly LiveSite[]) => ReactNode;
}

/** Marks, per applied update, the time from applying it to React's commit (read by the benchmark). */
export const RENDER_MEASURE = 'lienthong:health-update';

/** The live health of one conference's sites, for an operator's session; thumbnails of the tiles on screen. */
export interface LiveConsoleProps {
  /** Stays the same object while the session refreshes its tokens: the socket is not reopened. */
  auth: SocketSession;
  conferenceId: string;
  slots?: LiveConsoleSlots;
  mode?: WatchMode;
  /** Names of upper units by code: tiles show "province › own unit" (many communes share a name). */
  unitNames?: ReadonlyMap<string, string>;
  /** The conference is over: no site sends a picture any more, so thumbnails are not asked for. */
  ended?: boolean;
}

export function LiveConsole({ auth, conferenceId, slots = {}, mode = 'deltas', unitNames, ended = false }: LiveConsoleProps) {
  const { t } = useLanguage();
  const store = useMemo(() => new LiveHealthStore(), []);
  const view = useSyncExternalStore(store.subscribe, store.getView);
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const [filter, setFilter] = useState<SiteFilter>(noFilter);
  const [layout, setLayout] = useState<LiveLayout>('grid');
  const [thumbnails, setThumbnails] = useState(true);
  const streams = useMemo(() => new PreviewStreams(), []);
  const [previews, setPreviewSession] = useState<PreviewSession | null>(null);
  useEffect(() => {
    // One socket for the health and the thumbnails.
    const socket = openConsoleSocket(auth);
    const session = new PreviewSession(socket, conferenceId, streams);
    const connection = new HealthConnection(socket, conferenceId, store, setState, mode);
    connection.start();
    setPreviewSession(session);
    return () => {
      session.close();
      connection.stop();
      socket.disconnect();
    };
  }, [auth, conferenceId, store, streams, mode]);
  const showThumbnails = thumbnails && !ended;
  useEffect(() => previews?.setActive(showThumbnails), [previews, showThumbnails]);
  // The table shows no pictures: none is wanted while it is up (the grid says which when it is back).
  useEffect(() => {
    if (layout !== 'grid') previews?.want([]);
  }, [previews, layout]);
  const wantPreviews = useCallback((siteIds: string[]) => previews?.want(siteIds), [previews]);
  useLayoutEffect(() => {
    if (view.appliedAt) performance.measure(RENDER_MEASURE, { start: view.appliedAt, end: performance.now() });
  }, [view.appliedAt]);
  const shown = useMemo(() => filterSites(view.sites, filter), [view.sites, filter]);

  if (state.kind === 'failed' && !view.conferenceId) return <FailureBox failure={state.failure} />;
  return (
    <div className="live-console" data-state={state.kind}>
      <div className="live-status-line">
        <span className={`live-pill live-pill-${ended ? 'ended' : state.kind}`} data-testid="live-pill">
          {ended ? t.operator.common.status.ended : state.kind === 'live' ? t.liveConsole.live : view.conferenceId ? t.liveConsole.reconnecting : t.liveConsole.connecting}
        </span>
        <label className="live-thumbnails-toggle">
          <input type="checkbox" data-testid="thumbnails-toggle" checked={showThumbnails} disabled={ended} onChange={(e) => setThumbnails(e.target.checked)} /> {t.liveConsole.thumbnails}
        </label>
      </div>
      <LiveCounts counts={view.counts} sites={view.sites} ended={ended} />
      <SiteFilters filter={filter} onFilter={setFilter} tiers={view.tiers} layout={layout} onLayout={setLayout} shown={shown.length} total={view.sites.length} />
      {slots.toolbar ? <div className="live-toolbar">{slots.toolbar(shown)}</div> : null}
      <div className="live-body">
        <div className="live-sites">
          {layout === 'grid' ? (
            <SiteGrid sites={shown} actions={slots.siteActions} previews={showThumbnails ? streams : undefined} onPreviews={wantPreviews} unitNames={unitNames} ended={ended} />
          ) : (
            <SiteHealthTable sites={shown} tiers={view.tiers} actions={slots.siteActions} ended={ended} />
          )}
        </div>
        <aside className="live-side">
          {slots.sidePanel}
          <AlertList alerts={view.alerts} />
        </aside>
      </div>
    </div>
  );
}
