import { useLanguage } from '../../i18n/language';
import { useFormat } from '../../shared/clock';
import type { LiveSite } from './health-store';
import type { Presence } from './presence';

export function StatusDot({ presence }: { presence: Presence }) {
  const { t } = useLanguage();
  return <span className={`health-dot health-${presence}`} role="img" title={t.liveConsole.presence[presence]} aria-label={t.liveConsole.presence[presence]} />;
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
