import type { JoinLink } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { toFailure, type Failure } from '../../shared/failure';
import { useFormat } from '../../shared/clock';
import { Qr } from '../../shared/Qr';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { saveFile } from '../shell/rest-client';
import { useLoad } from '../../shared/use-load';

/** Sites per printed page: a national conference's 15,000 go through the CSV export instead. */
const PAGE = 200;

/**
 * `/console/conferences/:id/print`: every site in scope with its own short join link, QR code and
 * expiry, laid out for paper (the print stylesheet drops the app's chrome), a page at a time, or
 * all of them as a CSV the server streams. An operator can re-issue one site's link.
 */
export function PrintSitesPage({ id }: { id: string }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const p = t.operator.print;
  const { api } = useConsole();
  const [offset, setOffset] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const conference = useLoad(`conference:${id}`, (signal) => api.call('conferences.definition', { params: { id }, signal }));
  const links = useLoad(`join-links:${id}:${offset}`, (signal) => api.call('joinLinks.list', { params: { id }, query: { limit: PAGE, offset }, signal }));
  const shown = links.failure ?? conference.failure;
  if (!links.data || !conference.data) return shown ? <FailureBox failure={shown} /> : <p className="muted">{t.operator.common.loading}</p>;
  const page = links.data;
  const exportCsv = () => api.download('joinLinks.export', { params: { id } }).then(saveFile, (err: unknown) => setFailure(toFailure(err)));
  const reissue = (link: JoinLink) => {
    if (!confirm(p.reissueConfirm(link.siteName))) return;
    api.call('joinLinks.reissue', { params: { id, siteId: link.siteId } }).then(
      () => {
        setNote(p.reissued(link.siteName));
        links.reload();
      },
      (err: unknown) => setFailure(toFailure(err)),
    );
  };
  return (
    <section className="print-sites" data-testid="print-sites">
      <div className="toolbar no-print">
        <Link to={`/console/conferences/${id}`} className="button">
          {t.operator.common.back}
        </Link>
        <button type="button" className="button button-primary" onClick={() => print()}>
          {p.print}
        </button>
        <button type="button" className="button" onClick={() => void exportCsv()} data-testid="export-sites-csv">
          {p.exportCsv}
        </button>
      </div>
      <h1>{conference.data.title}</h1>
      <p>{p.intro}</p>
      <p className="muted">{p.keepSafe}</p>
      {note ? <p role="status">{note}</p> : null}
      {failure ? <FailureBox failure={failure} compact /> : null}
      <ol className="print-site-list" start={page.offset + 1}>
        {page.items.map((l) => (
          <li key={l.siteId} className="print-site" data-site-code={l.siteCode}>
            <Qr text={l.url} label={`${p.qr}: ${l.siteName}`} size={120} />
            <div>
              <strong>{l.siteName}</strong> <code>{l.siteCode}</code>
              <div className="muted">{l.unitName}</div>
              <div className="join-link">
                {p.joinLink}: <code>{l.url}</code>
              </div>
              <div className="join-link-expiry">{p.expires(clock.dateTime(l.expiresAt))}</div>
              <button type="button" className="button no-print" onClick={() => reissue(l)} data-testid="reissue-link">
                {p.reissue}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {page.total > PAGE ? (
        <div className="toolbar no-print">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {p.previous}
          </button>
          <span>{p.page(page.offset + 1, page.offset + page.items.length, page.total)}</span>
          <button type="button" className="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            {p.next}
          </button>
        </div>
      ) : null}
    </section>
  );
}
