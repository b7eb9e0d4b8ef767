import { opinionLimits, type OpinionKind, type SiteOpinion } from '@lienthong/contracts';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import { randomUuid } from '../shared/random-uuid';
import { OverProgramPanel } from '../site/OverProgramPanel';
import { OpinionStatusPill } from './OpinionStatusPill';
import type { SiteOpinions } from './site-opinions';
import { useOpinionTexts } from './texts';
import './opinions.css';

/**
 * The form a site's operator fills in for one delegate. The opinion keeps its `clientRef` until
 * the server confirms it, so sending again after a lost answer (a weak link) never stores it twice.
 */
function OpinionForm({ opinions }: { opinions: SiteOpinions }) {
  const t = useOpinionTexts();
  const [kind, setKind] = useState<OpinionKind>('opinion');
  const [speakerName, setSpeakerName] = useState('');
  const [speakerRole, setSpeakerRole] = useState(t.roles[0]!);
  const [text, setText] = useState('');
  const [clientRef, setClientRef] = useState(randomUuid);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setSent(null);
    setBusy(true);
    opinions
      .send({ clientRef, kind, speakerName, speakerRole, text })
      .then(
        (stored) => {
          setSent(stored.number);
          setText('');
          setSpeakerName('');
          setClientRef(randomUuid());
        },
        (err: unknown) => setFailure(toFailure(err)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <form className="opinion-form" onSubmit={onSubmit} data-testid="opinion-form">
      <div className="opinion-kinds" role="radiogroup">
        {(['opinion', 'question'] as const).map((k) => (
          <label key={k} className={kind === k ? 'opinion-kind opinion-kind-on' : 'opinion-kind'}>
            <input type="radio" name="opinion-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t.kind[k]}
          </label>
        ))}
      </div>
      <label className="field">
        <span className="field-label">{t.speakerName}</span>
        <input value={speakerName} onChange={(e) => setSpeakerName(e.target.value)} required maxLength={opinionLimits.speakerName} data-testid="opinion-speaker" />
      </label>
      <label className="field">
        <span className="field-label">{t.speakerRole}</span>
        <input value={speakerRole} onChange={(e) => setSpeakerRole(e.target.value)} required maxLength={opinionLimits.speakerRole} list="opinion-roles" data-testid="opinion-role" />
        <datalist id="opinion-roles">
          {t.roles.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span className="field-label">{t.text}</span>
        <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} required maxLength={opinionLimits.text} data-testid="opinion-text" />
        <span className="muted opinion-left">{t.left(opinionLimits.text - text.length)}</span>
      </label>
      <button type="submit" className="button button-primary" disabled={busy || !text.trim() || !speakerName.trim()} data-testid="opinion-send">
        {t.send}
      </button>
      {sent !== null ? (
        <p role="status" data-testid="opinion-sent">
          {t.sent(sent)}
        </p>
      ) : null}
      {failure ? <FailureBox failure={failure} compact /> : null}
    </form>
  );
}

function MyOpinion({ opinion }: { opinion: SiteOpinion }) {
  const t = useOpinionTexts();
  return (
    <li className="opinion-mine" data-testid="my-opinion" data-status={opinion.status}>
      <div className="opinion-head">
        <strong>{t.number(opinion.number)}</strong> · {t.kind[opinion.kind]} · {opinion.speakerName} ({opinion.speakerRole})
        <OpinionStatusPill status={opinion.status} />
      </div>
      <p className="opinion-text">{opinion.text}</p>
      {opinion.status === 'rejected' && opinion.reason ? (
        <p className="muted">
          {t.reason}: {opinion.reason}
        </p>
      ) : null}
      {opinion.mergedIntoNumber !== null ? <p className="muted">{t.mergedInto(opinion.mergedIntoNumber)}</p> : null}
    </li>
  );
}

/** "Gửi ý kiến": a button in the site's bar and a panel over the program with the form and this site's opinions with their status. */
export function SiteOpinionsPanel({ opinions }: { opinions: SiteOpinions }) {
  const t = useOpinionTexts();
  const { mine } = useSyncExternalStore(opinions.subscribe, opinions.getSnapshot);
  const [open, setOpen] = useState(false);
  return (
    <OverProgramPanel open={open} setOpen={setOpen} label={t.open} closeLabel={t.close} testId="opinions" className="opinions-site-panel">
      <h2>{t.title}</h2>
      {mine.length ? (
        <>
          <h3>{t.mine}</h3>
          <ol className="opinion-list" data-testid="my-opinions">
            {[...mine].reverse().map((o) => (
              <MyOpinion key={o.id} opinion={o} />
            ))}
          </ol>
        </>
      ) : null}
      <h3>{t.newOne}</h3>
      <p className="muted">{t.intro}</p>
      <OpinionForm opinions={opinions} />
    </OverProgramPanel>
  );
}
