import type { ReportCell, TableReport } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import { toFailure, type Failure } from '../shared/failure';
import type { ReplayApi } from './api';
import { libraryPath } from './replay-route';
import { AssignmentEditor } from './AssignmentEditor';
import { useLoad } from '../shared/use-load';

type ReportId = 'recordings.studyByUnit' | 'recordings.studyByMember';

/** `/replay/<id>/report`: an operator's study report of one recording over its scope, with exports. */
export function StudyReportPage({ api, id }: { api: ReplayApi; id: string }) {
  const { t, language } = useLanguage();
  const clock = useFormat();
  const [tab, setTab] = useState<ReportId>('recordings.studyByUnit');
  // Each mark saved below changes the report's marks column: it is loaded again.
  const [marks, setMarks] = useState(0);
  const report = useLoad(`${tab}:${id}:${language}:${marks}`, (signal) => api.call(tab, { params: { id }, query: { lang: language }, signal }), api.loadOptions);
  const [failure, setFailure] = useState<Failure | null>(null);

  const save = (format: 'csv' | 'xlsx') => {
    api.download(tab, { id }, { format, lang: language }).then((blob) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${report.data?.fileName ?? 'study'}.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    }, (err: unknown) => setFailure(toFailure(err)));
  };

  return (
    <section className="replay-report">
      <a href={libraryPath} className="replay-back">
        {t.replay.player.back}
      </a>
      <h1>{report.data?.title ?? t.replay.report.heading}</h1>
      <div className="replay-tabs">
        {/* Only tabs inside the tab list (assistive technology announces its children as tabs). */}
        <span role="tablist" className="replay-tablist">
          {(['recordings.studyByUnit', 'recordings.studyByMember'] as const).map((r) => (
            <button key={r} type="button" role="tab" aria-selected={tab === r} className={tab === r ? 'button button-primary' : 'button'} onClick={() => setTab(r)}>
              {r === 'recordings.studyByUnit' ? t.replay.report.byUnit : t.replay.report.byMember}
            </button>
          ))}
        </span>
        <span className="replay-exports">
          <button type="button" className="button" onClick={() => save('csv')} data-testid="export-csv">
            {t.replay.report.exportCsv}
          </button>
          <button type="button" className="button" onClick={() => save('xlsx')} data-testid="export-xlsx">
            {t.replay.report.exportXlsx}
          </button>
        </span>
      </div>
      {report.failure ? <FailureBox failure={report.failure} /> : null}
      {failure ? <FailureBox failure={failure} compact /> : null}
      {report.data ? <ReportTable report={report.data} format={(v, type) => cell(v, type, clock.dateTime)} /> : null}
      <Reflections api={api} id={id} onMarked={() => setMarks((m) => m + 1)} />
      <Assignment api={api} id={id} />
    </section>
  );
}

function cell(value: ReportCell | undefined, type: string | undefined, dateTime: (iso: string) => string): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (type === 'datetime' && typeof value === 'string') return dateTime(value);
  return String(value);
}

function ReportTable({ report, format }: { report: TableReport; format(v: ReportCell | undefined, type?: string): string }) {
  return (
    <div className="table-wrap">
      <table className="table replay-table" data-testid="study-report">
        <thead>
          <tr>
            {report.columns.map((c) => (
              <th key={c.key}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, i) => (
            <tr key={i}>
              {report.columns.map((c) => (
                <td key={c.key} className={c.type === 'number' ? 'num' : undefined}>
                  {format(row[c.key], c.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Reflections waiting for a mark from this operator's scope. */
function Reflections({ api, id, onMarked }: { api: ReplayApi; id: string; onMarked(): void }) {
  const t = useLanguage().t.replay.report;
  const list = useLoad(`reflections:${id}`, (signal) => api.call('recordings.reflections', { params: { id }, query: { unmarked: 'true' }, signal }), api.loadOptions);
  const [marks, setMarks] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const mark = (personId: string) =>
    api.call('recordings.markReflection', { params: { id, personId }, body: { mark: Number(marks[personId]) } }).then(
      () => {
        list.reload();
        onMarked();
      },
      (err: unknown) => setFailure(toFailure(err)),
    );
  if (list.failure?.code === 'FORBIDDEN') return null;
  return (
    <section className="replay-reflections">
      <h2>{t.reflections}</h2>
      {failure ? <FailureBox failure={failure} compact /> : null}
      {list.data && !list.data.items.length ? <p className="muted">{t.noReflections}</p> : null}
      {list.data?.items.map((r) => (
        <article key={r.personId} className="replay-reflection">
          <header>
            <strong>{r.displayName}</strong> <span className="muted">· {r.unitName}</span>
          </header>
          <p>{r.text}</p>
          <label>
            {t.mark}{' '}
            <input type="number" min={0} max={10} step={0.5} value={marks[r.personId] ?? ''} onChange={(e) => setMarks({ ...marks, [r.personId]: e.target.value })} />
          </label>{' '}
          <button type="button" className="button" disabled={marks[r.personId] === undefined || marks[r.personId] === ''} onClick={() => void mark(r.personId)}>
            {t.saveMark}
          </button>
        </article>
      ))}
    </section>
  );
}

/** The editor, for those who may set the assignment (the host's operators); the server decides. */
function Assignment({ api, id }: { api: ReplayApi; id: string }) {
  const saved = useLoad(`assignment:${id}`, (signal) => api.call('recordings.assignment', { params: { id }, signal }), api.loadOptions);
  if (saved.loading && saved.data === null) return null;
  if (saved.failure) return saved.failure.code === 'FORBIDDEN' ? null : <FailureBox failure={saved.failure} compact />;
  return <AssignmentEditor api={api} recordingId={id} current={saved.data} />;
}
