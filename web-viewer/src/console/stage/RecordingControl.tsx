import type { RecordingRecord } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';

/**
 * Start or stop recording a live conference by hand (a conference scheduled with recording on
 * starts its own when it opens). The answer is the recording as the control plane keeps it.
 */
export function RecordingControl({ conferenceId }: { conferenceId: string }) {
  const o = useLanguage().t.operator.recording;
  const { api } = useConsole();
  const [recording, setRecording] = useState<RecordingRecord | null>(null);
  // A stop is a request: the recorder closes its segment and packages the recording after it.
  const [stopAsked, setStopAsked] = useState(false);
  const submit = useSubmit();
  const run = (action: 'recordings.start' | 'recordings.stop') =>
    void submit.run(async () => {
      setRecording(await api.call(action, { params: { id: conferenceId } }));
      setStopAsked(action === 'recordings.stop');
    });
  return (
    <div className="recording-control" data-testid="recording-control">
      <button type="button" className="button" disabled={submit.busy} data-testid="recording-start" onClick={() => run('recordings.start')}>
        {o.start}
      </button>
      <button type="button" className="button" disabled={submit.busy} data-testid="recording-stop" onClick={() => run('recordings.stop')}>
        {o.stop}
      </button>
      {recording ? (
        <span className="muted" role="status" data-testid="recording-status">
          {o.status[recording.status]}
          {stopAsked && (recording.status === 'pending' || recording.status === 'recording') ? ` · ${o.stopAsked}` : ''}
        </span>
      ) : null}
      {submit.failure ? <FailureBox failure={submit.failure} compact /> : null}
    </div>
  );
}
