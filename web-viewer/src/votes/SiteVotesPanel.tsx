import type { SiteVote } from '@lienthong/contracts';
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import type { SiteVotes } from './site-votes';
import { useVoteTexts } from './texts';
import { VoteTallyView } from './VoteTallyView';
import './votes.css';

/** One open vote's entry form: counts per option, never more in all than the delegates present. */
function VoteEntry({ vote, votes, present }: { vote: SiteVote; votes: SiteVotes; present: number | null }) {
  const t = useVoteTexts();
  const [counts, setCounts] = useState<number[]>(() => vote.mine ?? vote.vote.options.map(() => 0));
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  // The answer (sent, or refused) shows under the button, often below the panel's fold: bring it into view.
  const answer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sent || failure) answer.current?.scrollIntoView({ block: 'nearest' });
  }, [sent, failure]);
  const sum = counts.reduce((a, b) => a + b, 0);
  const over = present === null || sum > present;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setSent(null);
    votes.enter(vote.vote.id, counts).then(
      (corrected) => setSent(t.sent(corrected)),
      (err: unknown) => setFailure(toFailure(err)),
    );
  };
  return (
    <form className="vote-entry" onSubmit={onSubmit} data-testid="vote-entry">
      <p className="muted">{t.enterHint(present)}</p>
      {vote.vote.options.map((option, i) => (
        <label key={option} className="field inline-field">
          <span className="field-label">{option}</span>
          <input
            type="number"
            min={0}
            value={counts[i]}
            data-testid={`vote-count-${i}`}
            onChange={(e) => setCounts(counts.map((c, j) => (j === i ? Math.max(0, Math.floor(Number(e.target.value) || 0)) : c)))}
          />
        </label>
      ))}
      {/* Over the delegates present: said here at once; the server refuses it too (no silent browser check). */}
      <p className={over ? 'vote-sum vote-sum-over' : 'vote-sum'} data-testid="vote-sum">
        {t.sum(sum)}
        {present !== null ? ` / ${present}` : ''}
        {present !== null && sum > present ? ` · ${t.overPresent(sum - present)}` : ''}
      </p>
      <button type="submit" className="button button-primary" data-testid="vote-send">
        {vote.mine ? t.correct : t.send}
      </button>
      <div ref={answer}>
        {sent ? (
          <p role="status" data-testid="vote-sent">
            {sent}
          </p>
        ) : null}
        {failure ? <FailureBox failure={failure} /> : null}
      </div>
    </form>
  );
}

/**
 * "Biểu quyết": a button in the site's bar (marked while a vote is open) and a panel over the
 * program with each vote's totals for the whole conference, and the entry form while one is open.
 * A newly opened vote opens the panel by itself.
 */
export function SiteVotesPanel({ votes, present }: { votes: SiteVotes; present: number | null }) {
  const t = useVoteTexts();
  const { votes: list } = useSyncExternalStore(votes.subscribe, votes.getSnapshot);
  const [open, setOpen] = useState(false);
  const seen = useRef(new Set<string>());
  const anyOpen = list.some((v) => v.vote.status === 'open');
  useEffect(() => {
    const fresh = list.filter((v) => v.vote.status === 'open' && !seen.current.has(v.vote.id));
    list.forEach((v) => seen.current.add(v.vote.id));
    if (fresh.length) setOpen(true);
  }, [list]);
  return (
    <>
      <button
        type="button"
        className={anyOpen ? 'button votes-button votes-button-live' : 'button votes-button'}
        aria-expanded={open}
        data-testid="votes-button"
        onClick={() => setOpen(!open)}
      >
        {open ? t.close : t.open}
        {anyOpen ? <span className="votes-live-dot" aria-label={t.newVote} /> : null}
      </button>
      {open ? (
        <aside className="papers-panel votes-site-panel" aria-label={t.title} data-testid="site-votes">
          <button type="button" className="button papers-close" onClick={() => setOpen(false)}>
            {t.close}
          </button>
          <h2>{t.title}</h2>
          {list.length ? null : <p className="muted">{t.none}</p>}
          {list.map((v) => (
            <section key={v.vote.id} className="vote-card" data-testid="site-vote">
              <VoteTallyView vote={v.vote} tally={v.tally} />
              {v.mine ? (
                <p className="muted" data-testid="vote-mine">
                  {t.mine}: {v.vote.options.map((o, i) => `${o} ${v.mine![i]}`).join(' · ')}
                </p>
              ) : null}
              {v.vote.status === 'open' ? <VoteEntry key={v.vote.id} vote={v} votes={votes} present={present} /> : null}
            </section>
          ))}
        </aside>
      ) : null}
    </>
  );
}
