import { type DocumentClassification, documentClassificationSchema, type DocumentRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../shell/use-load';
import { useSubmit } from '../shell/use-submit';
import { Qr } from './Qr';

/** Where a delegate's phone opens a document (it asks the delegate to log in as a member). */
export const documentAddress = (doc: Pick<DocumentRecord, 'id'>) => `${location.origin}/api/documents/${doc.id}`;

/**
 * A conference's documents. Public and internal ones get a QR code for delegates' phones; a
 * secret one never gets a QR code or a link (it may not leave the system), and the page says so.
 */
export function Documents({ conferenceId, canWrite }: { conferenceId: string; canWrite: boolean }) {
  const t = useT().operator.documents;
  const { api } = useConsole();
  const docs = useLoad(`documents:${conferenceId}`, (signal) => api.call('documents.list', { params: { id: conferenceId }, query: { limit: 200 }, signal }));
  return (
    <section className="console-section" data-testid="documents">
      <h2>{t.title}</h2>
      {docs.failure ? <FailureBox failure={docs.failure} compact /> : null}
      {docs.data && !docs.data.items.length ? <p className="muted">{t.none}</p> : null}
      <ul className="document-list">
        {docs.data?.items.map((doc) => (
          <li key={doc.id} className={`document document-${doc.classification}`} data-classification={doc.classification}>
            <div>
              <strong>{doc.title}</strong> <span className={`class-badge class-${doc.classification}`}>{t.classes[doc.classification]}</span>
              <div className="muted">
                {doc.fileName} · {doc.mediaType} · {doc.sizeBytes.toLocaleString()} B
              </div>
            </div>
            {doc.classification === 'secret' ? (
              <p className="secret-note" data-testid="secret-note">
                {t.secretNoQr}
              </p>
            ) : (
              <figure className="document-qr">
                <Qr text={documentAddress(doc)} label={t.qrFor(doc.title)} size={112} />
                <figcaption className="muted">{t.qrHint}</figcaption>
              </figure>
            )}
          </li>
        ))}
      </ul>
      {canWrite ? <AddDocument conferenceId={conferenceId} onAdded={docs.reload} /> : null}
    </section>
  );
}

function AddDocument({ conferenceId, onAdded }: { conferenceId: string; onAdded(): void }) {
  const t = useT().operator.documents;
  const { api } = useConsole();
  const [title, setTitle] = useState('');
  const [fileName, setFileName] = useState('');
  const [mediaType, setMediaType] = useState('application/pdf');
  const [size, setSize] = useState('0');
  const [classification, setClassification] = useState<DocumentClassification>('public');
  const submit = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await api.call('documents.create', { params: { id: conferenceId }, body: { title, fileName, mediaType, sizeBytes: Number(size), classification } });
      setTitle('');
      setFileName('');
      onAdded();
    });
  };
  return (
    <details className="subform">
      <summary>{t.add}</summary>
      <form className="stack-form" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t.docTitle}</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">{t.fileName}</span>
          <input value={fileName} onChange={(e) => setFileName(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">{t.mediaType}</span>
          <input value={mediaType} onChange={(e) => setMediaType(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">{t.sizeBytes}</span>
          <input type="number" min={0} value={size} onChange={(e) => setSize(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t.classification}</span>
          <select value={classification} onChange={(e) => setClassification(e.target.value as DocumentClassification)}>
            {documentClassificationSchema.options.map((c) => (
              <option key={c} value={c}>
                {t.classes[c]}
              </option>
            ))}
          </select>
        </label>
        {classification === 'secret' ? <p className="secret-note">{t.secretNoQr}</p> : null}
        <button className="button" type="submit" disabled={submit.busy}>
          {t.add}
        </button>
        {submit.failure ? <FailureBox failure={submit.failure} compact /> : null}
      </form>
    </details>
  );
}
