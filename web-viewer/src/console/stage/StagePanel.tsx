import type { Stage } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { usePolling } from '../use-polling';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';
import { RecordingControl } from './RecordingControl';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

interface SiteChoice {
  siteId: string;
  name: string;
}

/**
 * Running a live conference: who holds the floor (take it back, mute it), the raise-hand queue
 * in the order sites asked (give one the floor), the floor for any site, and notices to all
 * sites or one. The stage is read every 2 s; every action answers the new stage at once.
 */
export function StagePanel({ conferenceId, sites }: { conferenceId: string; sites: readonly SiteChoice[] }) {
  const o = useLanguage().t.operator.stage;
  const { api } = useConsole();
  const polled = usePolling(`stage:${conferenceId}`, (signal) => api.call('conferences.stage', { params: { id: conferenceId }, signal }), 2_000);
  const [acted, setActed] = useState<{ stage: Stage; at: Date } | null>(null);
  const action = useSubmit();
  // The fresher of the last poll and the last action's answer.
  const stage = acted && (!polled.updatedAt || acted.at > polled.updatedAt) ? acted.stage : polled.data;
  const act = (run: () => Promise<Stage>) => void action.run(async () => setActed({ stage: await run(), at: new Date() }));
  const giveFloor = (siteId: string | null) => act(() => api.call('conferences.giveFloor', { params: { id: conferenceId }, body: { siteId } }));
  const mute = (siteId: string, muted: boolean) => act(() => api.call('conferences.muteSite', { params: { id: conferenceId, siteId }, body: { muted } }));
  const [picked, setPicked] = useState('');

  return (
    <section className="console-section stage-panel" data-testid="stage-panel">
      <h2>{o.title}</h2>
      <RecordingControl conferenceId={conferenceId} />
      {polled.failure && !stage ? <FailureBox failure={polled.failure} compact /> : null}
      <div className="stage-floor" data-testid="stage-floor">
        <h3>{o.floor}</h3>
        {stage?.floor ? (
          <p>
            <strong data-testid="floor-holder">{stage.floor.siteName}</strong> · {stage.floor.unitName} · <span className="muted">{o.since(time(stage.floor.since))}</span>
            {stage.muted.includes(stage.floor.siteId) ? <span className="badge badge-muted"> {o.muted}</span> : null}
          </p>
        ) : (
          <p className="muted">{o.noFloor}</p>
        )}
        <div className="toolbar">
          {stage?.floor ? (
            <>
              <button type="button" className="button" data-testid="take-floor" disabled={action.busy} onClick={() => giveFloor(null)}>
                {o.takeBack}
              </button>
              <button
                type="button"
                className="button"
                data-testid="mute-floor"
                disabled={action.busy}
                onClick={() => mute(stage.floor!.siteId, !stage.muted.includes(stage.floor!.siteId))}
              >
                {stage.muted.includes(stage.floor.siteId) ? o.unmute : o.mute}
              </button>
            </>
          ) : null}
        </div>
        {sites.length ? (
        <label className="field inline-field">
          <span className="field-label">{o.giveFloorTo}</span>
          <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="floor-site">
            <option value="">{o.pickSite}</option>
            {sites.map((s) => (
              <option key={s.siteId} value={s.siteId}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" className="button button-primary" disabled={!picked || action.busy} data-testid="give-floor" onClick={() => giveFloor(picked)}>
            {o.giveFloor}
          </button>
        </label>
        ) : null}
      </div>

      <div className="stage-hands">
        <h3>{o.hands}</h3>
        {stage?.hands.length ? (
          <ol className="hand-queue" data-testid="hand-queue">
            {stage.hands.map((h) => (
              <li key={h.siteId} data-site-id={h.siteId}>
                <strong>{h.siteName}</strong> · {h.unitName} · <span className="muted">{o.raisedAt(time(h.raisedAt))}</span>{' '}
                <button type="button" className="button button-primary" disabled={action.busy} onClick={() => giveFloor(h.siteId)}>
                  {o.giveFloor}
                </button>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{o.noHands}</p>
        )}
      </div>
      {action.failure ? <FailureBox failure={action.failure} compact /> : null}
      <NoticeForm conferenceId={conferenceId} sites={sites} />
    </section>
  );
}

function NoticeForm({ conferenceId, sites }: { conferenceId: string; sites: readonly SiteChoice[] }) {
  const o = useLanguage().t.operator.stage;
  const { api } = useConsole();
  const [text, setText] = useState('');
  const [to, setTo] = useState('');
  const [recipients, setRecipients] = useState<number | null>(null);
  const send = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.run(async () => {
      const sent = await api.call('conferences.sendNotice', { params: { id: conferenceId }, body: { text, ...(to ? { siteIds: [to] } : {}) } });
      setRecipients(sent.recipients);
      setText('');
    });
  };
  return (
    <form className="stack-form notice-form" onSubmit={onSubmit} data-testid="notice-form">
      <h3>{o.notice}</h3>
      <label className="field">
        <span className="field-label">{o.noticeText}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} rows={2} required />
      </label>
      <label className="field" hidden={!sites.length}>
        <span className="field-label">{o.noticeTo}</span>
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{o.toAll}</option>
          {sites.map((s) => (
            <option key={s.siteId} value={s.siteId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={send.busy}>
        {o.send}
      </button>
      {send.done && recipients !== null ? <p className="muted" role="status">{o.sent(recipients)}</p> : null}
      {send.failure ? <FailureBox failure={send.failure} compact /> : null}
    </form>
  );
}
