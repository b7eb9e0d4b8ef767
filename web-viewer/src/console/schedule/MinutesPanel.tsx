import type { MinutesFormat, MinutesHeader, MinutesStatus } from '@lienthong/contracts';
import { useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFormat } from '../../shared/clock';
import { usePolling } from '../use-polling';
import { useConsole } from '../shell/console-session';
import { saveFile } from '../shell/rest-client';
import { useSubmit } from '../shell/use-submit';

/** The minutes of an ended conference: their state (followed while a job makes them), downloads, and making them again. */
export function MinutesPanel({ conferenceId }: { conferenceId: string }) {
  const { t } = useLanguage();
  // The deployment's clock, like every time on screen.
  const clock = useFormat();
  const m = t.operator.minutes;
  const { api } = useConsole();
  const [round, setRound] = useState(0);
  const [header, setHeader] = useState<MinutesHeader | null>(null);
  // Followed every 2 s while a job is at them; a conference never given minutes answers MINUTES_NOT_READY.
  const [settled, setSettled] = useState(false);
  const polled = usePolling<MinutesStatus | null>(
    `minutes:${conferenceId}:${round}`,
    async (signal) => {
      const status = await api.call('minutes.get', { params: { id: conferenceId }, signal }).catch((err: unknown) => {
        if ((err as { code?: string }).code === 'MINUTES_NOT_READY') return null;
        throw err;
      });
      setSettled(!status || status.state === 'ready' || status.state === 'failed');
      return status;
    },
    settled ? null : 2000,
  );
  const action = useSubmit();
  const status = polled.data;
  const chosen = header ?? status?.header ?? 'state';
  const download = (format: MinutesFormat) => void action.run(async () => saveFile(await api.download('minutes.download', { params: { id: conferenceId, format } })));
  const generate = () =>
    void action.run(async () => {
      await api.call('minutes.generate', { params: { id: conferenceId }, body: { header: chosen } });
      setSettled(false);
      setRound((r) => r + 1);
    });

  return (
    <section className="console-section" data-testid="minutes-panel" data-state={status?.state ?? 'none'}>
      <h2>{m.title}</h2>
      <p className={status?.state === 'failed' ? 'notice-warning' : 'muted'}>
        {!status ? m.none : status.state === 'ready' ? m.ready(clock.dateTime(status.generatedAt!)) : m[status.state]}
      </p>
      <div className="toolbar">
        {status?.state === 'ready' ? (
          <>
            <button type="button" className="button button-primary" data-testid="minutes-pdf" disabled={action.busy} onClick={() => download('pdf')}>
              {m.pdf}
            </button>
            <button type="button" className="button" data-testid="minutes-docx" disabled={action.busy} onClick={() => download('docx')}>
              {m.docx}
            </button>
          </>
        ) : null}
        <label className="field">
          <span className="field-label">{m.header}</span>
          <select value={chosen} onChange={(e) => setHeader(e.target.value as MinutesHeader)} data-testid="minutes-header">
            {(['state', 'party'] as const).map((h) => (
              <option key={h} value={h}>
                {m.headers[h]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" data-testid="minutes-generate" disabled={action.busy || status?.state === 'queued' || status?.state === 'generating'} onClick={generate}>
          {status ? m.regenerate : m.generate}
        </button>
      </div>
      {action.failure ? <FailureBox failure={action.failure} compact /> : null}
      {polled.failure ? <FailureBox failure={polled.failure} compact /> : null}
    </section>
  );
}
