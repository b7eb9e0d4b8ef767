import { callMessage, consoleEvents, consoleRequests, nextOpinionStatus, opinionLimits, takesMerges, type ModerateOpinion, type Opinion, type OpinionAction } from '@lienthong/contracts';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { openConsoleSocket, type SocketSession } from '../console/live/console-socket';
import { useConsole } from '../console/shell/console-session';
import { saveFile } from '../console/shell/rest-client';
import { useSubmit } from '../console/shell/use-submit';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import { useFormat } from '../shared/clock';
import { useLanguage } from '../i18n/language';
import { OpinionStatusPill } from './OpinionStatusPill';
import { useOpinionTexts } from './texts';
import './opinions.css';

/** Oldest first; changed opinions replace their line, new ones join in number order. */
const merge = (now: Opinion[], changed: Opinion[]) => {
  const byId = new Map(now.map((o) => [o.id, o]));
  for (const o of changed) byId.set(o.id, o);
  return [...byId.values()].sort((a, b) => a.number - b.number);
};

/** The conference's opinions over the console's own /console connection, live; asked again on every reconnection. */
function useOpinions(auth: SocketSession, conferenceId: string) {
  const [opinions, setOpinions] = useState<Opinion[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    const socket = openConsoleSocket(auth);
    socket.on('connect', () =>
      void callMessage(socket, consoleRequests, 'watchOpinions', { conferenceId }).then(
        (list) => {
          setOpinions(list);
          setFailure(null);
        },
        (err: unknown) => setFailure(toFailure(err)),
      ),
    );
    socket.on('opinionsChanged', (payload: unknown) => {
      const parsed = consoleEvents.opinionsChanged.safeParse(payload);
      if (parsed.success && parsed.data.conferenceId === conferenceId) setOpinions((now) => merge(now, parsed.data.opinions));
    });
    socket.connect();
    return () => void socket.close();
  }, [auth, conferenceId]);
  return { opinions, setOpinions, failure };
}

type Filter = 'waiting' | 'onScreen' | 'all';
const shown: Record<Filter, (o: Opinion) => boolean> = {
  waiting: (o) => o.status === 'pending' || o.status === 'accepted',
  onScreen: (o) => o.status === 'forwarded',
  all: () => true,
};

/** A decision that needs one more answer (a reason, a merge target): its field, then confirm or cancel. */
function Ask(props: { label: string; confirm: string; ready: boolean; onConfirm(): void; onCancel(): void; testId: string; children: ReactNode }) {
  const t = useOpinionTexts();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (props.ready) props.onConfirm();
  };
  return (
    <form className="inline-field opinion-ask" onSubmit={onSubmit}>
      <label className="field inline-field">
        <span className="field-label">{props.label}</span>
        {props.children}
      </label>
      <button type="submit" className="button button-small button-primary" disabled={!props.ready} data-testid={props.testId}>
        {props.confirm}
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        {t.cancel}
      </button>
    </form>
  );
}

/**
 * One opinion in the queue, with the decisions its status allows (contracts' lifecycle decides
 * which). After the end the queue is still settled, but nothing goes to a chair any more.
 */
function QueuedOpinion({ opinion, all, running, busy, decide }: { opinion: Opinion; all: Opinion[]; running: boolean; busy: boolean; decide: (body: ModerateOpinion) => void }) {
  const t = useOpinionTexts();
  // The deployment's clock, like every time on screen (not the browser's nor a default zone).
  const clock = useFormat();
  const [asking, setAsking] = useState<'reject' | 'merge' | null>(null);
  const [reason, setReason] = useState('');
  const targets = all.filter((o) => o.id !== opinion.id && takesMerges(o.status));
  const [into, setInto] = useState('');
  const can = (action: OpinionAction) => !busy && (running || action !== 'forward') && nextOpinionStatus(opinion.status, action) !== null;
  const button = (action: 'accept' | 'forward' | 'done', label: string, primary = false) =>
    can(action) ? (
      <button type="button" className={primary ? 'button button-small button-primary' : 'button button-small'} data-testid={`opinion-${action}`} onClick={() => decide({ action })}>
        {label}
      </button>
    ) : null;
  const askButton = (kind: 'reject' | 'merge', label: string) => (
    <button type="button" className="button button-small" aria-expanded={asking === kind} onClick={() => setAsking(asking === kind ? null : kind)} data-testid={`opinion-${kind}`}>
      {label}
    </button>
  );
  return (
    <li className={`opinion-card opinion-card-${opinion.status}`} data-testid="queued-opinion" data-opinion-id={opinion.id} data-status={opinion.status}>
      <div className="opinion-head">
        <strong>{t.number(opinion.number)}</strong> · {t.kind[opinion.kind]} · <strong>{opinion.siteName}</strong> <span className="muted">({opinion.unitName})</span>
        <span className="muted opinion-time">{clock.time(opinion.sentAt)}</span>
        <OpinionStatusPill status={opinion.status} />
      </div>
      <p className="opinion-speaker">
        {opinion.speakerName}, {opinion.speakerRole}
      </p>
      <p className="opinion-text">{opinion.text}</p>
      {opinion.reason ? (
        <p className="muted">
          {t.reason}: {opinion.reason}
        </p>
      ) : null}
      {opinion.mergedIntoNumber !== null ? <p className="muted">{t.mergedInto(opinion.mergedIntoNumber)}</p> : null}
      <div className="toolbar opinion-actions">
        {button('accept', t.accept)}
        {button('forward', t.forward, true)}
        {button('done', t.done)}
        {can('merge') && targets.length ? askButton('merge', t.merge) : null}
        {can('reject') ? askButton('reject', t.reject) : null}
      </div>
      {asking === 'reject' ? (
        <Ask label={t.rejectReason} confirm={t.confirmReject} ready={!!reason.trim()} onConfirm={() => decide({ action: 'reject', reason })} onCancel={() => setAsking(null)} testId="opinion-confirm-reject">
          <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={opinionLimits.reason} autoFocus data-testid="opinion-reason" />
        </Ask>
      ) : null}
      {asking === 'merge' ? (
        <Ask label={t.mergeInto} confirm={t.confirmMerge} ready={!!into} onConfirm={() => decide({ action: 'merge', into })} onCancel={() => setAsking(null)} testId="opinion-confirm-merge">
          <select value={into} onChange={(e) => setInto(e.target.value)} required data-testid="opinion-merge-target">
            <option value="" />
            {targets.map((o) => (
              <option key={o.id} value={o.id}>
                {o.number} · {o.siteName}: {o.text.slice(0, 60)}
              </option>
            ))}
          </select>
        </Ask>
      ) : null}
    </li>
  );
}

/**
 * The secretariat's queue of written opinions: what waits, what is on the chair's screen, or all;
 * accept, reject with a reason, merge into another, forward to the chair, mark done; export.
 */
export function ConsoleOpinionsPanel({ conferenceId, running }: { conferenceId: string; running: boolean }) {
  const t = useOpinionTexts();
  const { language } = useLanguage();
  const { session, api } = useConsole();
  const { opinions, setOpinions, failure } = useOpinions(session, conferenceId);
  const [filter, setFilter] = useState<Filter>('waiting');
  const action = useSubmit();
  const decide = (id: string, body: ModerateOpinion) =>
    void action.run(async () => {
      const changed = await api.call('opinions.moderate', { params: { id }, body });
      setOpinions((now) => merge(now, [changed]));
    });
  const onExport = (format: 'csv' | 'xlsx') =>
    void action.run(async () => saveFile(await api.download('opinions.export', { params: { id: conferenceId }, query: { format, lang: language } })));
  const list = opinions.filter(shown[filter]);
  const count = (f: Filter) => opinions.filter(shown[f]).length;
  // The queue is the host's secretariat's: a console the conference only reaches into has none.
  if (failure?.code === 'FORBIDDEN') return null;

  return (
    <section className="console-section opinions-panel" data-testid="opinions-panel">
      <h2>{t.queue}</h2>
      <p className="muted" data-testid="opinion-counts">
        {t.counts(count('waiting'), count('onScreen'), opinions.length)}
      </p>
      <div className="toolbar">
        <div className="opinion-filters" role="tablist">
          {(['waiting', 'onScreen', 'all'] as const).map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} className={filter === f ? 'button button-small opinion-filter-on' : 'button button-small'} onClick={() => setFilter(f)} data-testid={`opinion-filter-${f}`}>
              {t.filters[f]} ({count(f)})
            </button>
          ))}
        </div>
        <button type="button" className="button button-small" onClick={() => onExport('csv')}>
          {t.exportCsv}
        </button>
        <button type="button" className="button button-small" onClick={() => onExport('xlsx')}>
          {t.exportXlsx}
        </button>
      </div>
      {failure ? <FailureBox failure={failure} compact /> : null}
      {action.failure ? <FailureBox failure={action.failure} compact /> : null}
      {list.length ? null : <p className="muted">{t.noneQueue}</p>}
      <ol className="opinion-list">
        {list.map((o) => (
          <QueuedOpinion key={o.id} opinion={o} all={opinions} running={running} busy={action.busy} decide={(body) => decide(o.id, body)} />
        ))}
      </ol>
    </section>
  );
}
