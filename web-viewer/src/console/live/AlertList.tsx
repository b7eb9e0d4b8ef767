import { memo } from 'react';
import { useLanguage } from '../../i18n/language';
import { useFormat } from '../../shared/clock';
import type { LiveAlert } from './health-store';

/** Sites that dropped, degraded or recovered, newest first (rendered again only when alerts come). */
export const AlertList = memo(function AlertList({ alerts }: { alerts: readonly LiveAlert[] }) {
  const { t } = useLanguage();
  // The formatters behind it are made once (a busy second brings dozens of alerts).
  const clock = useFormat();
  return (
    <section className="live-panel" aria-label={t.liveConsole.alerts}>
      <h2>{t.liveConsole.alerts}</h2>
      {alerts.length === 0 ? <p className="muted">{t.liveConsole.noAlerts}</p> : null}
      <ul className="live-alerts" data-testid="live-alerts">
        {alerts.map((a, i) => (
          <li key={`${a.at}-${a.site.id}-${i}`} className={`live-alert live-alert-${a.kind}`} data-site={a.site.id} data-kind={a.kind}>
            <time>{clock.time(new Date(a.at))}</time> <strong>{a.site.name}</strong> {t.liveConsole.alert[a.kind]}
            <div className="muted">{a.site.unitName}</div>
          </li>
        ))}
      </ul>
    </section>
  );
});
