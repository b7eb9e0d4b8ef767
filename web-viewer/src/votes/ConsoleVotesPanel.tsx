import { callMessage, consoleEvents, consoleRequests, type VoteWithTally } from '@lienthong/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { openConsoleSocket, type SocketSession } from '../console/live/console-socket';
import { useConsole } from '../console/shell/console-session';
import { saveFile } from '../console/shell/rest-client';
import { useSubmit } from '../console/shell/use-submit';
import { useVoteTexts } from './texts';
import { VoteTallyView } from './VoteTallyView';
import './votes.css';

/** Newest first; a vote's news replaces its line. */
const merge = (votes: VoteWithTally[], news: VoteWithTally) =>
  votes.some((v) => v.vote.id === news.vote.id) ? votes.map((v) => (v.vote.id === news.vote.id ? news : v)) : [news, ...votes];

/** The conference's votes over the console's own /console connection, live (about once a second while they move). */
function useVotes(auth: SocketSession, conferenceId: string) {
  const [votes, setVotes] = useState<VoteWithTally[]>([]);
  useEffect(() => {
    const socket = openConsoleSocket(auth);
    socket.on('connect', () => void callMessage(socket, consoleRequests, 'watchVotes', { conferenceId }).then(setVotes, (err: unknown) => console.warn(err)));
    socket.on('voteChanged', (payload: unknown) => {
      const parsed = consoleEvents.voteChanged.safeParse(payload);
      if (parsed.success && parsed.data.vote.conferenceId === conferenceId) setVotes((now) => merge(now, parsed.data));
    });
    socket.connect();
    return () => void socket.close();
  }, [auth, conferenceId]);
  return { votes, setVotes };
}

/** The secretariat's votes: open one (question, options, secret or not, time), follow the tally by unit, close it, export it. */
export function ConsoleVotesPanel({ conferenceId, canRun }: { conferenceId: string; canRun: boolean }) {
  const t = useVoteTexts();
  // The export's headers and words in the page's language.
  const { language } = useLanguage();
  const { session, api } = useConsole();
  const { votes, setVotes } = useVotes(session, conferenceId);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(t.defaultOptions.join('\n'));
  const [secret, setSecret] = useState(false);
  const [minutes, setMinutes] = useState(5);
  const action = useSubmit();

  const onOpen = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const list = options.split('\n').map((o) => o.trim()).filter(Boolean);
      await api.call('votes.open', { params: { id: conferenceId }, body: { question, options: list, secret, durationSeconds: Math.round(minutes * 60) } });
      setQuestion('');
    });
  };
  const onClose = (voteId: string) =>
    void action.run(async () => {
      const result = await api.call('votes.close', { params: { id: voteId } });
      setVotes((now) => merge(now, { vote: result.vote, tally: result.tally }));
    });
  const onExport = (voteId: string) => void action.run(async () => saveFile(await api.download('votes.sites', { params: { id: voteId }, query: { format: 'csv', lang: language } })));

  return (
    <section className="console-section votes-panel" data-testid="votes-panel">
      <h2>{t.title}</h2>
      {canRun ? (
        <form className="stack-form vote-form" onSubmit={onOpen} data-testid="vote-form">
          <label className="field">
            <span className="field-label">{t.question}</span>
            <input value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={1000} data-testid="vote-question" />
          </label>
          <label className="field">
            <span className="field-label">{t.options}</span>
            <textarea rows={3} value={options} onChange={(e) => setOptions(e.target.value)} data-testid="vote-options" />
          </label>
          <div className="toolbar">
            <label className="field inline-field">
              <span className="field-label">{t.duration}</span>
              <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="vote-minutes" />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} /> {t.secret}
            </label>
            <button type="submit" className="button button-primary" disabled={action.busy || !question.trim()} data-testid="vote-start">
              {t.start}
            </button>
          </div>
        </form>
      ) : null}
      {action.failure ? <FailureBox failure={action.failure} /> : null}
      {votes.length ? null : <p className="muted">{t.none}</p>}
      {votes.map((v) => (
        <article key={v.vote.id} className="vote-card" data-testid="vote-card">
          <VoteTallyView {...v} />
          <div className="toolbar">
            {canRun && v.vote.status === 'open' ? (
              <button type="button" className="button" disabled={action.busy} onClick={() => onClose(v.vote.id)} data-testid="vote-stop">
                {t.stop}
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => onExport(v.vote.id)}>
              {t.export}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
