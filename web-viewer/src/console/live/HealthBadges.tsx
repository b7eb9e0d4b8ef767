import { useLanguage } from '../../i18n/language';
import { useFormat } from '../../shared/clock';
import type { LiveSite } from './health-store';
import { type Presence, presenceWords } from './presence';

/** A site's state as a dot; after the end (`ended`) it says who took part, in a colour that alarms nobody. */
export function StatusDot({ presence, ended = false }: { presence: Presence; ended?: boolean }) {
  const { t } = useLanguage();
  const words = presenceWords(t.liveConsole, presence, ended);
  return <span className={`health-dot health-${presence}${ended ? ' health-after-end' : ''}`} role="img" title={words} aria-label={words} />;
}

/** "Connected", the time last seen, or "never connected". */
export function LastSeen({ site }: { site: LiveSite }) {
  const { t } = useLanguage();
  const clock = useFormat();
  if (site.connected) return <>{t.liveConsole.online}</>;
  return <>{site.lastSeen === null ? t.liveConsole.never : clock.time(new Date(site.lastSeen))}</>;
}

export const formatLoss = (site: LiveSite) => (site.connected ? `${site.lossPercent.toFixed(1)} %` : '–');
export const formatRtt = (site: LiveSite) => (site.connected && site.rttMs !== null ? `${site.rttMs} ms` : '–');
/** Made once: Intl formatters are costly to create, and thousands of figures use it. */
export const counting = new Intl.NumberFormat('vi-VN');
export const formatKbps = (kbps: number, site: LiveSite) => (site.connected ? counting.format(kbps) : '–');
