import { useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { saveFile } from '../shell/rest-client';
import { useLoad } from '../../shared/use-load';
import { useSubmit } from '../shell/use-submit';
import { ReportTable } from './ReportTable';

type View = 'sites' | 'units';

/**
 * `/console/conferences/:id/attendance`: per site (join and leave times, minutes present,
 * delegates) or totals per unit, during and after the conference; CSV and XLSX come from the
 * same endpoints with `?format=`.
 */
export function AttendancePage({ id }: { id: string }) {
  const { t, language } = useLanguage();
  const a = t.operator.attendance;
  const { api } = useConsole();
  const [view, setView] = useState<View>('sites');
  const [tier, setTier] = useState<number | undefined>(1);
  const definition = useLoad(`definition:${id}`, (signal) => api.call('conferences.definition', { params: { id }, signal }));
  const tiers = useLoad('tiers', (signal) => api.call('tiers.list', { signal }));
  const endpoint = view === 'sites' ? 'conferences.attendanceReport' : 'conferences.attendanceTotals';
  const query = view === 'sites' ? { lang: language } : { lang: language, tier };
  const report = useLoad(`attendance:${id}:${view}:${language}:${tier}`, (signal) => api.call(endpoint, { params: { id }, query, signal }));
  const download = useSubmit();
  const save = (format: 'csv' | 'xlsx') => void download.run(async () => saveFile(await api.download(endpoint, { params: { id }, query: { ...query, format } })));

  const rows = view === 'sites' ? (report.data?.rows ?? []) : [];
  const attended = rows.filter((r) => Number(r.connections) > 0).length;
  const delegates = rows.reduce((sum, r) => sum + (typeof r.delegates === 'number' ? r.delegates : 0), 0);
  return (
    <section className="console-section attendance-page" data-testid="attendance-page">
      <div className="section-head">
        <h1>
          {a.title}
          {definition.data ? `: ${definition.data.title}` : ''}
        </h1>
        <Link to={`/console/conferences/${id}`}>{t.operator.common.back}</Link>
      </div>
      <div className="toolbar">
        <div className="segmented" role="tablist">
          {(['sites', 'units'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'button button-primary' : 'button'} onClick={() => setView(v)} data-testid={`view-${v}`}>
              {v === 'sites' ? a.bySite : a.byUnit}
            </button>
          ))}
        </div>
        {view === 'units' ? (
          <label>
            {a.tier}{' '}
            <select value={tier ?? ''} onChange={(e) => setTier(e.target.value === '' ? undefined : Number(e.target.value))} data-testid="totals-tier">
              <option value="">{a.ownUnit}</option>
              {(tiers.data?.items ?? []).map((x) => (
                <option key={x.level} value={x.level}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="button" onClick={report.reload}>
          {a.refresh}
        </button>
        <button type="button" className="button" onClick={() => save('csv')} disabled={download.busy} data-testid="download-csv">
          {a.downloadCsv}
        </button>
        <button type="button" className="button" onClick={() => save('xlsx')} disabled={download.busy} data-testid="download-xlsx">
          {a.downloadXlsx}
        </button>
      </div>
      {download.failure ? <FailureBox failure={download.failure} compact /> : null}
      {report.failure ? <FailureBox failure={report.failure} compact /> : null}
      {view === 'sites' && report.data ? <p data-testid="attendance-summary">{a.summary(attended, rows.length, delegates)}</p> : null}
      {report.data ? report.data.rows.length ? <ReportTable report={report.data} testId="attendance-table" /> : <p className="muted">{a.empty}</p> : null}
    </section>
  );
}
