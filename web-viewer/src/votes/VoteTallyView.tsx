import type { VoteWithTally } from '@lienthong/contracts';
import { useFormat } from '../shared/clock';
import { useVoteTexts } from './texts';

const share = (n: number, all: number) => (all ? `${Math.round((n * 1000) / all) / 10}%` : '–');

/** A vote's question, status and totals per option; with the units' subtotals when it has them (consoles). */
export function VoteTallyView({ vote, tally }: VoteWithTally) {
  const t = useVoteTexts();
  const clock = useFormat();
  const all = tally.totals.reduce((a, b) => a + b, 0);
  return (
    <div className="vote-tally" data-vote-id={vote.id} data-status={vote.status}>
      <h3 className="vote-question">{vote.question}</h3>
      <p className="muted">
        <span className={`vote-status vote-status-${vote.status}`}>{t.status[vote.status]}</span>
        {vote.secret ? ` · ${t.secret}` : ''}
        {vote.status === 'open' ? ` · ${t.closesAt(clock.time(vote.closesAt, { seconds: false }))}` : ''} · <span data-testid="vote-voted">{t.voted(tally.voted, tally.expected)}</span>
      </p>
      <ul className="vote-totals" data-testid="vote-totals">
        {vote.options.map((option, i) => (
          <li key={option} data-option={i}>
            <span className="vote-option">{option}</span>
            <strong className="vote-count">{tally.totals[i]?.toLocaleString('vi-VN')}</strong>
            <span className="vote-share muted">{share(tally.totals[i] ?? 0, all)}</span>
            <span className="vote-bar" style={{ width: all ? `${((tally.totals[i] ?? 0) * 100) / all}%` : 0 }} aria-hidden="true" />
          </li>
        ))}
      </ul>
      {tally.groups.length ? (
        <table className="vote-groups" data-testid="vote-groups">
          <thead>
            <tr>
              <th>{t.unit}</th>
              <th>{t.sitesVoted}</th>
              {vote.options.map((o) => (
                <th key={o}>{o}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tally.groups.map(([code, name, voted, expected, counts]) => (
              <tr key={code} data-unit={code}>
                <td>{name}</td>
                <td>
                  {voted}/{expected}
                </td>
                {counts.map((c, i) => (
                  <td key={i}>{c.toLocaleString('vi-VN')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
