import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { saveFile } from '../shell/rest-client';
import { useLoad } from '../shell/use-load';
import { Qr } from '../../shared/Qr';
import { siteListCsv } from './site-list-csv';

/**
 * `/console/conferences/:id/print`: every site in scope with its own join link and QR code, laid
 * out for paper (the print stylesheet drops the app's chrome), or exported as CSV.
 */
export function PrintSitesPage({ id }: { id: string }) {
  const t = useT();
  const p = t.operator.print;
  const { api } = useConsole();
  const detail = useLoad(`conference-sites:${id}`, (signal) => api.call('conferences.get', { params: { id }, signal }));
  if (!detail.data) return detail.failure ? <FailureBox failure={detail.failure} /> : <p className="muted">{t.operator.common.loading}</p>;
  const c = detail.data;
  const exportCsv = () =>
    saveFile({
      blob: new Blob([siteListCsv(c.sites, [t.console.col.code, t.console.col.site, t.console.col.unit, p.joinLink])], { type: 'text/csv;charset=utf-8' }),
      fileName: `sites-${c.id.slice(0, 8)}.csv`,
    });
  return (
    <section className="print-sites" data-testid="print-sites">
      <div className="toolbar no-print">
        <Link to={`/console/conferences/${id}`} className="button">
          {t.operator.common.back}
        </Link>
        <button type="button" className="button button-primary" onClick={() => print()}>
          {p.print}
        </button>
        <button type="button" className="button" onClick={exportCsv} data-testid="export-sites-csv">
          {p.exportCsv}
        </button>
      </div>
      <h1>{c.title}</h1>
      <p>{p.intro}</p>
      <p className="muted">{p.keepSafe}</p>
      <ol className="print-site-list">
        {c.sites.map((s) => (
          <li key={s.id} className="print-site" data-site-code={s.code}>
            <Qr text={s.joinUrl} label={`${p.qr}: ${s.name}`} size={120} />
            <div>
              <strong>{s.name}</strong> <code>{s.code}</code>
              <div className="muted">{s.unit.name}</div>
              <div className="join-link">
                {p.joinLink}: <code>{s.joinUrl}</code>
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
