import { memo, useMemo } from 'react';
import { useLanguage } from '../../i18n/language';
import type { LiveAlert } from './health-store';

/** Sites that dropped, degraded or recovered, newest first (rendered again only when alerts come). */
export const AlertList = memo(function AlertList({ alerts }: { alerts: readonly LiveAlert[] }) {
  const { t, language } = useLanguage();
  // One formatter for the list: Intl formatters are costly to make, and a busy second brings dozens of alerts.
  const time = useMemo(
    () => new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    [language],
  );
  return (
    <section className="live-panel" aria-label={t.liveConsole.alerts}>
      <h2>{t.liveConsole.alerts}</h2>
      {alerts.length === 0 ? <p className="muted">{t.liveConsole.noAlerts}</p> : null}
      <ul className="live-alerts" data-testid="live-alerts">
        {alerts.map((a, i) => (
          <li key={`${a.at}-${a.site.id}-${i}`} className={`live-alert live-alert-${a.kind}`} data-site={a.site.id} data-kind={a.kind}>
            <time>{time.format(a.at)}</time> <strong>{a.site.name}</strong> {t.liveConsole.alert[a.kind]}
            <div className="muted">{a.site.unitName}</div>
          </li>
        ))}
      </ul>
    </section>
  );
});
