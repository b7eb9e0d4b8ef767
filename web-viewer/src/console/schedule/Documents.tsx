import { type DocumentClassification, documentClassificationSchema } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';
import { saveFile } from '../shell/rest-client';
import { useSubmit } from '../shell/use-submit';
import { Qr } from '../../shared/Qr';

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
              {doc.hasFile ? <OpenDocument id={doc.id} /> : null}
            </div>
            {doc.classification === 'secret' ? (
              <p className="secret-note" data-testid="secret-note">
                {t.secretNoQr}
              </p>
            ) : doc.delegateLink ? (
              // The delegate link opens this one file without a login: the QR code is the key.
              <figure className="document-qr">
                <Qr text={doc.delegateLink} label={t.qrFor(doc.title)} size={112} />
                <figcaption className="muted">{t.qrHint}</figcaption>
              </figure>
            ) : (
              <p className="muted">{t.noFile}</p>
            )}
          </li>
        ))}
      </ul>
      {canWrite ? <AddDocument conferenceId={conferenceId} onAdded={docs.reload} /> : null}
    </section>
  );
}

/** Downloads the file with the operator's own token: secret ones too, for those allowed (the server decides). */
function OpenDocument({ id }: { id: string }) {
  const t = useT().operator.documents;
  const { api } = useConsole();
  const open = useSubmit();
  return (
    <span className="open-document">
      <button type="button" className="button button-small" data-testid="open-document" disabled={open.busy} onClick={() => void open.run(async () => saveFile(await api.download('documents.file', { params: { id } })))}>
        {t.open}
      </button>
      {open.failure ? <FailureBox failure={open.failure} compact /> : null}
    </span>
  );
}

function AddDocument({ conferenceId, onAdded }: { conferenceId: string; onAdded(): void }) {
  const t = useT().operator.documents;
  const { api } = useConsole();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [classification, setClassification] = useState<DocumentClassification>('public');
  const submit = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void submit.run(async () => {
      // The record first (it says who may see the file), then the file itself.
      const created = await api.call('documents.create', {
        params: { id: conferenceId },
        body: { title, fileName: file.name, mediaType: file.type || 'application/octet-stream', sizeBytes: file.size, classification },
      });
      await api.call('documents.upload', { params: { id: created.id }, file });
      setTitle('');
      setFile(null);
      (e.target as HTMLFormElement).reset();
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
          <span className="field-label">{t.file}</span>
          <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        {file ? (
          <p className="muted">
            {file.name} · {file.type || '?'} · {file.size.toLocaleString()} B
          </p>
        ) : null}
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
