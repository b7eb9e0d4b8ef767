import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, type RefObject, useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { useLanguage } from '../../i18n/language';
import { formatKbps, formatLoss, formatRtt, StatusDot } from './HealthBadges';
import type { LiveSite } from './health-store';
import { presenceOf, presenceWords } from './presence';
import { previewDemand } from './preview-demand';
import type { PreviewStreams } from './preview-session';
import { unitPathLabel } from './unit-path';

const noNames: ReadonlyMap<string, string> = new Map();

// Wide enough for "Điểm cầu Xã Tân Thành" and its province on one line each at 1366 px (4 per row).
const TILE_WIDTH = 236;
/** A 16:9 picture (as wide as the tile within its borders) on top of the site's name, unit and figures. */
const PICTURE_HEIGHT = Math.round(((TILE_WIDTH - 8 - 7) * 9) / 16);
/** The picture, five lines of text (name and unit path two each) and a row of small buttons (the stage's "give the floor"), and the row's padding. */
const TILE_HEIGHT = PICTURE_HEIGHT + 140;
/** A tile counts as on screen when half of it is. */
const VISIBLE_RATIO = 0.5;

/**
 * The sites as coloured tiles, virtualised: only the rows on screen exist in the page. With
 * `previews`, each tile on screen shows its site's picture when there is one, and the grid
 * tells `onPreviews` which sites those should be (see preview-demand.ts) as it scrolls.
 */
export function SiteGrid({
  sites,
  actions,
  previews,
  onPreviews,
  unitNames = noNames,
  ended = false,
}: {
  sites: readonly LiveSite[];
  actions?: (site: LiveSite) => ReactNode;
  previews?: PreviewStreams;
  onPreviews?: (siteIds: string[]) => void;
  /** Names of the upper units by code, for the unit path on each tile. */
  unitNames?: ReadonlyMap<string, string>;
  /** The conference is over: tiles say who took part rather than who is connected. */
  ended?: boolean;
}) {
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
  const observe = useVisibleTiles(scroller);
  const rows = Math.ceil(sites.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => TILE_HEIGHT, overscan: 3 });
  const items = virtualizer.getVirtualItems();
  const rendered = items.length ? sites.slice(items[0]!.index * columns, (items.at(-1)!.index + 1) * columns) : [];
  const wanted = previewDemand(rendered, observe.visible);
  // Told when the set changes (by content: the array is new on every render).
  const wantedKey = wanted.join(' ');
  useEffect(() => onPreviews?.(wantedKey ? wantedKey.split(' ') : []), [wantedKey, onPreviews]);
  return (
    <div ref={scroller} className="live-scroll" data-testid="live-grid">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((row) => (
          <div key={row.key} className="live-grid-row" style={{ transform: `translateY(${row.start}px)`, height: TILE_HEIGHT }}>
            {sites.slice(row.index * columns, row.index * columns + columns).map((site) => (
              <SiteTile key={site.id} site={site} actions={actions} previews={previews} observe={observe.tile} unitNames={unitNames} ended={ended} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * Which tiles are on screen, by an IntersectionObserver on the grid's scroll element: each tile
 * registers its element through `tile` (a ref callback), and the grid re-renders when the set changes.
 */
function useVisibleTiles(scroller: RefObject<HTMLDivElement | null>) {
  const [visible] = useState(() => new Set<string>());
  const [elements] = useState(() => new Set<Element>());
  const observer = useRef<IntersectionObserver | null>(null);
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const io = new IntersectionObserver(
      (entries) => {
        let change = false;
        for (const entry of entries) {
          const siteId = entry.target.getAttribute('data-site');
          if (!siteId) continue;
          const shown = entry.isIntersecting && entry.intersectionRatio >= VISIBLE_RATIO;
          if (shown !== visible.has(siteId)) change = true;
          if (shown) visible.add(siteId);
          else visible.delete(siteId);
        }
        if (change) changed();
      },
      { root: scroller.current, threshold: [0, VISIBLE_RATIO] },
    );
    observer.current = io;
    for (const element of elements) io.observe(element);
    return () => {
      io.disconnect();
      observer.current = null;
    };
  }, [scroller, visible, elements]);
  const tile = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element) return;
      elements.add(element);
      observer.current?.observe(element);
      return () => {
        elements.delete(element);
        observer.current?.unobserve(element);
        // A tile gone from the page is no longer on screen.
        const siteId = element.getAttribute('data-site');
        if (siteId) visible.delete(siteId);
      };
    },
    [elements, visible],
  );
  return { visible: visible as ReadonlySet<string>, tile };
}

/** One tile; a site whose state did not change keeps its object, so its tile is not rendered again. */
const SiteTile = memo(function SiteTile({
  site,
  actions,
  previews,
  observe,
  unitNames,
  ended,
}: {
  site: LiveSite;
  actions?: (site: LiveSite) => ReactNode;
  previews?: PreviewStreams;
  observe: (element: HTMLDivElement | null) => (() => void) | undefined;
  unitNames: ReadonlyMap<string, string>;
  ended: boolean;
}) {
  const { t } = useLanguage();
  const presence = presenceOf(site);
  const place = unitPathLabel(site, unitNames);
  return (
    <div
      ref={observe}
      className={`live-tile live-tile-${site.status} live-tile-${presence}`}
      data-site={site.id}
      data-status={site.status}
      data-presence={presence}
      style={{ width: TILE_WIDTH - 8, height: TILE_HEIGHT - 8 }}
    >
      <div className="live-tile-picture" style={{ height: PICTURE_HEIGHT }}>
        {/* Only while connected: a site that left may keep its camera on the node for the resume grace
            (15 s), and its last frame would sit, frozen, on a tile that says it is gone. */}
        {previews && site.connected ? <TilePreview site={site} previews={previews} /> : null}
      </div>
      <div className="live-tile-text">
        <div className="live-tile-head">
          <StatusDot presence={presence} ended={ended} />
          <span className="live-tile-name" title={`${site.name}\n${place.full}`}>
            {site.name}
          </span>
        </div>
        <div className="live-tile-unit muted" title={place.full} data-testid="tile-unit-path">
          {place.short}
        </div>
        <div className="live-tile-figures">
          {site.connected ? `${formatKbps(site.inKbps, site)} kbit/s · ${formatLoss(site)} · ${formatRtt(site)}` : presenceWords(t.liveConsole, presence, ended)}
        </div>
        {actions ? <div className="live-actions">{actions(site)}</div> : null}
      </div>
    </div>
  );
});

/** The site's live picture, when the console receives one; it follows its own site's stream only. */
function TilePreview({ site, previews }: { site: LiveSite; previews: PreviewStreams }) {
  const { t } = useLanguage();
  const stream = useSyncExternalStore(previews.subscribe, () => previews.get(site.id));
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = stream ?? null;
  }, [stream]);
  if (!stream) return null;
  return <video ref={video} className="live-tile-video" data-testid="tile-preview" aria-label={t.liveConsole.thumbnailOf(site.name)} muted autoPlay playsInline />;
}
