import type { RecordingStatus, RecordingSummary } from '@lienthong/contracts';
import { recordingStatusSchema } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import type { ReplayApi } from './api';
import { formatMediaTime, percentOf } from './format-media';
import { playerPath } from './replay-route';
import { UnitPicker } from './UnitPicker';
import { useLoad } from '../shared/use-load';

const PAGE = 20;

interface Filters {
  q: string;
  under?: string;
  status: RecordingStatus | '';
  from: string;
  to: string;
}

/** Date inputs give "2026-10-01"; the API wants instants: the start of that day, local time. */
const dayStart = (day: string, plusDays = 0) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

/** `canPickUnit`: the caller may read units (operators); a member's scope is its own unit anyway. */
export function LibraryPage({ api, canPickUnit }: { api: ReplayApi; canPickUnit: boolean }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const [draft, setDraft] = useState<Filters>({ q: '', status: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [limit, setLimit] = useState(PAGE);
  const list = useLoad(JSON.stringify({ filters, limit }), (signal) =>
    api.call('recordings.list', {
      query: { q: filters.q.trim() || undefined, under: filters.under, status: filters.status || undefined, from: dayStart(filters.from), to: dayStart(filters.to, 1), limit: String(limit) },
      signal,
    }),
    { fallback: 'NETWORK' },
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setLimit(PAGE);
    setFilters(draft);
  };
  const items = list.data?.items ?? [];
  return (
    <section className="replay-library">
      <h1>{t.replay.library.heading}</h1>
      <form className="replay-filters" onSubmit={apply} role="search">
        <input type="search" aria-label={t.replay.library.search} placeholder={t.replay.library.search} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} data-testid="replay-search" />
        <label>
          {t.replay.library.status}
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Filters['status'] })}>
            <option value="">{t.replay.library.anyStatus}</option>
            {recordingStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {t.replay.status[s]}
              </option>
            ))}
          </select>
        </label>
        {canPickUnit ? <UnitPicker api={api} onPick={(under) => setDraft((d) => ({ ...d, under }))} /> : null}
        <label>
          {t.replay.library.from}
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t.replay.library.to}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="button button-primary">
          {t.replay.library.apply}
        </button>
      </form>
      {list.failure ? <FailureBox failure={list.failure} compact /> : null}
      {list.loading && !list.data ? <p className="muted">{t.replay.library.loading}</p> : null}
      {list.data && !items.length ? <p className="muted">{t.replay.library.empty}</p> : null}
      <ul className="replay-list" data-testid="replay-list">
        {items.map((r) => (
          <RecordingCard key={r.id} recording={r} when={r.startedAt ? clock.dateTime(r.startedAt) : ''} />
        ))}
      </ul>
      {list.data ? (
        <div className="replay-more">
          <span className="muted">{t.replay.library.count(items.length, list.data.total)}</span>
          {items.length < list.data.total ? (
            <button type="button" className="button" onClick={() => setLimit(limit + PAGE)}>
              {t.replay.library.more}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function RecordingCard({ recording: r, when }: { recording: RecordingSummary; when: string }) {
  const t = useLanguage().t.replay;
  const percent = percentOf(r.myShare);
  return (
    <li className="replay-card" data-recording={r.id}>
      <a href={playerPath(r.id)} className="replay-card-link">
        <span className="replay-card-title">{r.title}</span>
        <span className="muted">
          {r.hostUnitName} · {when}
          {r.durationSec ? ` · ${formatMediaTime(r.durationSec)}` : ''}
        </span>
      </a>
      <span className="replay-card-badges">
        {r.secret ? <span className="replay-badge replay-badge-secret">{t.library.secret}</span> : null}
        {r.status !== 'ready' ? <span className="replay-badge">{t.status[r.status]}</span> : null}
        {r.myCompleted ? <span className="replay-badge replay-badge-done">{t.library.completed}</span> : null}
        {r.myTestPending ? (
          <span className="replay-badge replay-badge-pending" data-testid="test-pending">
            {t.library.testPending}
          </span>
        ) : null}
      </span>
      <span className="replay-progress" title={t.library.watched(percent)}>
        <span className="replay-progress-bar" style={{ width: `${percent}%` }} />
      </span>
      <span className="muted replay-card-share">{t.library.watched(percent)}</span>
    </li>
  );
}
