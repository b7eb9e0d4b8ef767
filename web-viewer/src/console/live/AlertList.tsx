import { useLanguage } from '../../i18n/language';
import { formatTime } from '../../shared/format';
import type { LiveAlert } from './health-store';

/** Sites that dropped, degraded or recovered, newest first. */
export function AlertList({ alerts }: { alerts: readonly LiveAlert[] }) {
  const { t, language } = useLanguage();
  return (
    <section className="live-panel" aria-label={t.liveConsole.alerts}>
      <h2>{t.liveConsole.alerts}</h2>
      {alerts.length === 0 ? <p className="muted">{t.liveConsole.noAlerts}</p> : null}
      <ul className="live-alerts" data-testid="live-alerts">
        {alerts.map((a, i) => (
          <li key={`${a.at}-${a.site.id}-${i}`} className={`live-alert live-alert-${a.kind}`} data-site={a.site.id} data-kind={a.kind}>
            <time>{formatTime(new Date(a.at), language)}</time> <strong>{a.site.name}</strong> {t.liveConsole.alert[a.kind]}
            <div className="muted">{a.site.unitName}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
