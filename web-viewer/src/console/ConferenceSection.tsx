import type { ConferenceSummary } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { formatDateTime, formatTime } from '../shared/format';
import type { ConsoleApi } from './api';
import { SitesTable } from './SitesTable';
import { usePolling } from './use-polling';

const DETAIL_REFRESH_MS = 2_000;

/** One conference: its summary, and while expanded its sites, refreshed every 2 s. */
export function ConferenceSection({
  api,
  summary,
  initiallyOpen,
}: {
  api: ConsoleApi;
  summary: ConferenceSummary;
  initiallyOpen: boolean;
}) {
  const { t, language } = useLanguage();
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
            formatDateTime(summary.scheduledStart, language),
            formatDateTime(summary.scheduledEnd, language),
          )}
        </span>
      </summary>
      {open ? <ConferenceLive api={api} id={summary.id} siteCount={summary.siteCount} /> : null}
    </details>
  );
}

function ConferenceLive({ api, id, siteCount }: { api: ConsoleApi; id: string; siteCount: number }) {
  const { t, language } = useLanguage();
  const detail = usePolling(`conference:${id}`, (signal) => api.getConference(id, signal), DETAIL_REFRESH_MS);
  const sites = detail.data?.sites ?? [];
  const connected = sites.filter((s) => s.connected).length;
  return (
    <div className="conference-body">
      <div className="section-head">
        <strong data-testid="sites-connected">
          {t.console.sitesConnected(connected, detail.data ? sites.length : siteCount)}
        </strong>
        {detail.updatedAt ? <span className="muted">{t.console.updatedAt(formatTime(detail.updatedAt, language))}</span> : null}
      </div>
      {detail.failure ? <FailureBox failure={detail.failure} compact /> : null}
      {detail.data ? <SitesTable sites={sites} /> : !detail.failure ? <p className="muted">{t.console.loading}</p> : null}
    </div>
  );
}
