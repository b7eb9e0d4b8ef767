import type { HealthStatus } from '@lienthong/contracts';
import { useLanguage } from '../../i18n/language';
import { formatTime } from '../../shared/format';
import type { LiveSite } from './health-store';

export function StatusDot({ status }: { status: HealthStatus }) {
  const { t } = useLanguage();
  return <span className={`health-dot health-${status}`} title={t.liveConsole.status[status]} aria-label={t.liveConsole.status[status]} />;
}

/** "Connected", the time last seen, or "never connected". */
export function LastSeen({ site }: { site: LiveSite }) {
  const { t, language } = useLanguage();
  if (site.connected) return <>{t.liveConsole.online}</>;
  return <>{site.lastSeen === null ? t.liveConsole.never : formatTime(new Date(site.lastSeen), language)}</>;
}

export const formatLoss = (site: LiveSite) => (site.connected ? `${site.lossPercent.toFixed(1)} %` : '–');
export const formatRtt = (site: LiveSite) => (site.connected && site.rttMs !== null ? `${site.rttMs} ms` : '–');
/** Made once: Intl formatters are costly to create, and thousands of figures use it. */
export const counting = new Intl.NumberFormat('vi-VN');
export const formatKbps = (kbps: number, site: LiveSite) => (site.connected ? counting.format(kbps) : '–');
