import type { SiteDocument } from '@lienthong/contracts';
import { useState } from 'react';
import { useT } from '../i18n/language';
import { Qr } from '../shared/Qr';

/**
 * The agenda and the public documents, over the program when opened: each document with a QR
 * code delegates scan with their phones (the link opens that file only, without a login). The
 * server sends public documents only: internal and secret ones never reach a site's page.
 */
export function PapersPanel({ agenda, documents }: { agenda: string | null; documents: readonly SiteDocument[] }) {
  const t = useT().site.papers;
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button papers-button" aria-expanded={open} data-testid="papers-button" onClick={() => setOpen(!open)}>
        {open ? t.close : t.open}
      </button>
      {open ? (
        <aside className="papers-panel" aria-label={t.open} data-testid="papers">
          <button type="button" className="button papers-close" data-testid="papers-close" onClick={() => setOpen(false)}>
            {t.close}
          </button>
          <section>
            <h2>{t.agenda}</h2>
            {agenda ? <p className="agenda-text">{agenda}</p> : <p className="muted">{t.noAgenda}</p>}
          </section>
          <section>
            <h2>{t.documents}</h2>
            {documents.length ? <p className="muted">{t.scanHint}</p> : <p className="muted">{t.noDocuments}</p>}
            <ul className="papers-documents">
              {documents.map((d) => (
                <li key={d.id} data-document-id={d.id}>
                  <Qr text={d.delegateLink} label={t.qrFor(d.title)} size={132} />
                  <div>
                    <strong>{d.title}</strong>
                    <div className="muted">{d.fileName}</div>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      ) : null}
    </>
  );
}
