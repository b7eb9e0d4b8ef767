import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useRef } from 'react';
import { useLanguage } from '../../i18n/language';
import { formatKbps, formatLoss, formatRtt, LastSeen, StatusDot } from './HealthBadges';
import { presenceOf, presenceWords } from './presence';
import type { LiveSite } from './health-store';

const ROW_HEIGHT = 34;

/** The sites as a table, virtualised like the grid. */
export function SiteHealthTable({
  sites,
  tiers,
  actions,
  ended = false,
}: {
  sites: readonly LiveSite[];
  tiers: ReadonlyMap<number, string>;
  actions?: (site: LiveSite) => ReactNode;
  /** The conference is over: rows say who took part rather than who is connected. */
  ended?: boolean;
}) {
  const { t } = useLanguage();
  const c = t.liveConsole.col;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: sites.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const columns = [c.status, c.site, c.unit, c.tier, c.kbpsIn, c.kbpsOut, c.loss, c.rtt, c.receive, c.link, c.delegates, c.lastSeen, ...(actions ? [c.actions] : [])];
  return (
    <div className="live-table" role="table" data-testid="live-table">
      <div className="live-table-row live-table-head" role="row">
        {columns.map((name) => (
          <span key={name} role="columnheader">
            {name}
          </span>
        ))}
      </div>
      <div ref={scroller} className="live-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const site = sites[item.index]!;
            return <SiteRow key={site.id} site={site} top={item.start} tiers={tiers} actions={actions} ended={ended} />;
          })}
        </div>
      </div>
    </div>
  );
}

/** One row; like the grid's tiles, rendered again only when its site changed (or it moved). */
const SiteRow = memo(function SiteRow({
  site,
  top,
  tiers,
  actions,
  ended,
}: {
  site: LiveSite;
  top: number;
  tiers: ReadonlyMap<number, string>;
  actions?: (site: LiveSite) => ReactNode;
  ended: boolean;
}) {
  const { t } = useLanguage();
  return (
    <div role="row" className="live-table-row" data-site={site.id} data-status={site.status} data-presence={presenceOf(site)} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span>
        <StatusDot presence={presenceOf(site)} ended={ended} /> {presenceWords(t.liveConsole, presenceOf(site), ended)}
      </span>
      <span title={site.name}>{site.name}</span>
      <span title={site.unitName}>{site.unitName}</span>
      <span>{tiers.get(site.tierLevel) ?? site.tierLevel}</span>
      <span className="num">{formatKbps(site.inKbps, site)}</span>
      <span className="num">{formatKbps(site.outKbps, site)}</span>
      <span className="num">{formatLoss(site)}</span>
      <span className="num">{formatRtt(site)}</span>
      <span>{site.level ? t.liveConsole.receive[site.level] : '–'}</span>
      <span>{t.liveConsole.link[site.linkProfile]}</span>
      <span className="num">{site.delegates ?? '–'}</span>
      <span>
        <LastSeen site={site} />
      </span>
      {actions ? <span className="live-actions">{actions(site)}</span> : null}
    </div>
  );
});
