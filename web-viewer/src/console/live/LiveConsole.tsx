import { type ReactNode, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { AlertList } from './AlertList';
import { HealthConnection, type ConnectionState, type WatchMode } from './health-connection';
import { LiveHealthStore, type LiveSite } from './health-store';
import { LiveCounts } from './LiveCounts';
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

/** The live health of one conference's sites, for a console with an access token. */
export function LiveConsole({ token, conferenceId, slots = {}, mode = 'deltas' }: { token: string; conferenceId: string; slots?: LiveConsoleSlots; mode?: WatchMode }) {
  const { t } = useLanguage();
  const store = useMemo(() => new LiveHealthStore(), []);
  const view = useSyncExternalStore(store.subscribe, store.getView);
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const [filter, setFilter] = useState<SiteFilter>(noFilter);
  const [layout, setLayout] = useState<LiveLayout>('grid');
  useEffect(() => {
    const connection = new HealthConnection(token, conferenceId, store, setState, mode);
    connection.start();
    return () => connection.stop();
  }, [token, conferenceId, store, mode]);
  useLayoutEffect(() => {
    if (view.appliedAt) performance.measure(RENDER_MEASURE, { start: view.appliedAt, end: performance.now() });
  }, [view.appliedAt]);
  const shown = useMemo(() => filterSites(view.sites, filter), [view.sites, filter]);

  if (state.kind === 'failed' && !view.conferenceId) return <FailureBox failure={state.failure} />;
  return (
    <div className="live-console" data-state={state.kind}>
      <div className="live-status-line">
        <span className={`live-pill live-pill-${state.kind}`}>
          {state.kind === 'live' ? t.liveConsole.live : view.conferenceId ? t.liveConsole.reconnecting : t.liveConsole.connecting}
        </span>
      </div>
      <LiveCounts counts={view.counts} sites={view.sites} />
      <SiteFilters filter={filter} onFilter={setFilter} tiers={view.tiers} layout={layout} onLayout={setLayout} shown={shown.length} total={view.sites.length} />
      {slots.toolbar ? <div className="live-toolbar">{slots.toolbar(shown)}</div> : null}
      <div className="live-body">
        <div className="live-sites">
          {layout === 'grid' ? (
            <SiteGrid sites={shown} actions={slots.siteActions} />
          ) : (
            <SiteHealthTable sites={shown} tiers={view.tiers} actions={slots.siteActions} />
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
