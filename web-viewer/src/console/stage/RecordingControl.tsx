import type { RecordingStatus } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { playerPath } from '../../replay/replay-route';
import { useConsole } from '../shell/console-session';
import { usePolling } from '../use-polling';
import { useSubmit } from '../shell/use-submit';

const settled = new Set<RecordingStatus>(['ready', 'failed']);
/** A recording under way: it can be stopped, and no other can be started. */
const underWay = new Set<RecordingStatus>(['pending', 'recording']);

/**
 * Start or stop recording a live conference by hand (a conference scheduled with recording on
 * starts its own when it opens). After a stop, or once the conference has ended, the recording's
 * status is followed until it is ready (with a link to its replay) or has failed.
 */
export function RecordingControl({ conferenceId, ended = false, since }: { conferenceId: string; ended?: boolean; since?: string }) {
  const o = useLanguage().t.operator.recording;
  const { api } = useConsole();
  const [asked, setAsked] = useState<{ id: string; status: RecordingStatus } | null>(null);
  // A stop is a request: the recorder closes its segment and packages the recording after it.
  // Until the listing shows it moving on, the status says the stop was asked for.
  const [stopAsked, setStopAsked] = useState(false);
  const submit = useSubmit();
  const follow = ended || stopAsked;
  const listed = usePolling(
    `recording-of:${conferenceId}:${follow}`,
    async (signal) => {
      const page = await api.call('recordings.list', { query: { limit: 50, ...(since ? { from: since } : {}) }, signal });
      return page.items.find((r) => r.conferenceId === conferenceId) ?? null;
    },
    follow && !(asked && settled.has(asked.status)) ? 5_000 : null,
  );
  const found = listed.data;
  // What the operator just started is newer than an older recording the first listing found.
  const current = found && (!asked || found.id === asked.id) ? { id: found.id, status: found.status } : asked;
  // One button, for what can be done now: both at once read as if something were recording.
  const active = !!current && underWay.has(current.status);
  const run = (action: 'recordings.start' | 'recordings.stop') =>
    void submit.run(async () => {
      const record = await api.call(action, { params: { id: conferenceId } });
      setAsked({ id: record.id, status: record.status });
      setStopAsked(action === 'recordings.stop');
    });
  return (
    <div className="recording-control" data-testid="recording-control">
      {ended || (active && stopAsked) ? null : active ? (
        <button type="button" className="button" disabled={submit.busy} data-testid="recording-stop" onClick={() => run('recordings.stop')}>
          {o.stop}
        </button>
      ) : (
        <button type="button" className="button" disabled={submit.busy || (listed.updatedAt === null && !listed.failure)} data-testid="recording-start" onClick={() => run('recordings.start')}>
          {o.start}
        </button>
      )}
      {current ? (
        <span className="muted" role="status" data-testid="recording-status" data-status={current.status}>
          {o.status[current.status]}
          {stopAsked && (current.status === 'pending' || current.status === 'recording') ? ` · ${o.stopAsked}` : ''}
        </span>
      ) : null}
      {current?.status === 'ready' ? (
        <a className="button" href={playerPath(current.id)} data-testid="recording-replay">
          {o.openReplay}
        </a>
      ) : null}
      {submit.failure ? <FailureBox failure={submit.failure} compact /> : null}
    </div>
  );
}
