import type { ConferenceSummary } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import type { RestClient } from './shell/rest-client';
import { SitesTable } from './SitesTable';
import { usePolling } from './use-polling';

const DETAIL_REFRESH_MS = 2_000;

/** One conference: its summary, and while expanded its sites, refreshed every 2 s. */
export function ConferenceSection({
  api,
  summary,
  initiallyOpen,
}: {
  api: RestClient;
  summary: ConferenceSummary;
  initiallyOpen: boolean;
}) {
  const { t } = useLanguage();
  const clock = useFormat();
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details
      className="conference"
      data-conference-id={summary.id}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <span className="conference-name">{summary.title}</span>
        <span className={`status-badge status-${summary.status}`}>{t.console.status[summary.status]}</span>
        <span className="muted">
          {t.console.hostUnit}: {summary.hostUnit.name}
        </span>
        <span className="muted">
          {t.console.schedule(
            clock.dateTime(summary.scheduledStart),
            clock.dateTime(summary.scheduledEnd),
          )}
        </span>
      </summary>
      {open ? <ConferenceLive api={api} id={summary.id} siteCount={summary.siteCount} /> : null}
    </details>
  );
}

function ConferenceLive({ api, id, siteCount }: { api: RestClient; id: string; siteCount: number }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const detail = usePolling(`conference:${id}`, (signal) => api.call('conferences.get', { params: { id }, signal }), DETAIL_REFRESH_MS);
  const sites = detail.data?.sites ?? [];
  const connected = sites.filter((s) => s.connected).length;
  return (
    <div className="conference-body">
      <div className="section-head">
        <strong data-testid="sites-connected">
          {t.console.sitesConnected(connected, detail.data ? sites.length : siteCount)}
        </strong>
        {detail.updatedAt ? <span className="muted">{t.console.updatedAt(clock.time(detail.updatedAt))}</span> : null}
      </div>
      {detail.failure ? <FailureBox failure={detail.failure} compact /> : null}
      {detail.data ? <SitesTable sites={sites} /> : !detail.failure ? <p className="muted">{t.console.loading}</p> : null}
    </div>
  );
}
