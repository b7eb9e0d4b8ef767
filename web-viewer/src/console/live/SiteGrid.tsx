import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useEffect, useRef, useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { formatKbps, formatLoss, formatRtt, StatusDot } from './HealthBadges';
import type { LiveSite } from './health-store';

const TILE_WIDTH = 188;
const TILE_HEIGHT = 92;

/** The sites as coloured tiles, virtualised: only the rows on screen exist in the page. */
export function SiteGrid({ sites, actions }: { sites: readonly LiveSite[]; actions?: (site: LiveSite) => ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(4);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const fit = () => setColumns(Math.max(1, Math.floor(element.clientWidth / TILE_WIDTH)));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const rows = Math.ceil(sites.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => TILE_HEIGHT, overscan: 3 });
  return (
    <div ref={scroller} className="live-scroll" data-testid="live-grid">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="live-grid-row" style={{ transform: `translateY(${row.start}px)`, height: TILE_HEIGHT }}>
            {sites.slice(row.index * columns, row.index * columns + columns).map((site) => (
              <SiteTile key={site.id} site={site} actions={actions} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** One tile; a site whose state did not change keeps its object, so its tile is not rendered again. */
const SiteTile = memo(function SiteTile({ site, actions }: { site: LiveSite; actions?: (site: LiveSite) => ReactNode }) {
  const { t } = useLanguage();
  return (
    <div className={`live-tile live-tile-${site.status}`} data-site={site.id} data-status={site.status} style={{ width: TILE_WIDTH - 8 }}>
      <div className="live-tile-head">
        <StatusDot status={site.status} />
        <span className="live-tile-name" title={`${site.name} · ${site.unitName}`}>
          {site.name}
        </span>
      </div>
      <div className="live-tile-unit muted">{site.unitName}</div>
      <div className="live-tile-figures">
        {site.connected ? `${formatKbps(site.inKbps, site)} kbit/s · ${formatLoss(site)} · ${formatRtt(site)}` : t.liveConsole.status.offline}
      </div>
      {actions ? <div className="live-actions">{actions(site)}</div> : null}
    </div>
  );
});
