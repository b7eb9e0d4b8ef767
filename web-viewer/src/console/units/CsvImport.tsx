import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';

type Kind = 'units' | 'sites';

/**
 * CSV import of units or sites. A file is imported whole or not at all; when refused, every
 * problem comes back as [line, column] and is listed, so the spreadsheet is fixed in one go.
 */
export function CsvImport({ onImported }: { onImported(): void }) {
  const t = useT().operator.csv;
  const { api } = useConsole();
  const [kind, setKind] = useState<Kind>('sites');
  const [file, setFile] = useState<File | null>(null);
  const [created, setCreated] = useState<number | null>(null);
  const submit = useSubmit();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setCreated(null);
    void submit.run(async () => {
      const csv = await file.text();
      const result = await api.call(kind === 'units' ? 'imports.units' : 'imports.sites', { csv });
      setCreated(result.created);
      onImported();
    });
  };
  const rowIssues = submit.failure?.code === 'BAD_REQUEST' ? (submit.failure.issues ?? []).filter((i) => typeof i.path[0] === 'number') : [];

  return (
    <details className="subform csv-import">
      <summary>{t.title}</summary>
      <form className="stack-form" onSubmit={onSubmit}>
        <div className="segmented">
          {(['units', 'sites'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="csv-kind" checked={kind === k} onChange={() => setKind(k)} /> {t.kind[k]}
            </label>
          ))}
        </div>
        <p className="muted">{t.columns[kind]}</p>
        <label className="field">
          <span className="field-label">{t.file}</span>
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="csv-file" />
        </label>
        <button className="button" type="submit" disabled={!file || submit.busy}>
          {t.submit}
        </button>
      </form>
      {created !== null ? <p className="ok">{t.created(created)}</p> : null}
      {rowIssues.length ? (
        <div className="failure failure-compact" role="alert" data-testid="csv-issues">
          <p>{t.rejected}</p>
          <table className="table">
            <thead>
              <tr>
                <th>{t.line}</th>
                <th>{t.column}</th>
                <th>{t.problem}</th>
              </tr>
            </thead>
            <tbody>
              {rowIssues.map((issue, i) => (
                <tr key={i}>
                  <td>{issue.path[0]}</td>
                  <td>
                    <code>{issue.path.slice(1).join('.')}</code>
                  </td>
                  <td>{issue.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : submit.failure ? (
        <FailureBox failure={submit.failure} compact />
      ) : null}
    </details>
  );
}
