import type { Stage } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFormat } from '../../shared/clock';
import { usePolling } from '../use-polling';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';
import { RecordingControl } from './RecordingControl';
import { type ChosenSite, SiteChooser } from './SiteChooser';

/**
 * Running a live conference: who holds the floor (take it back, mute it), the raise-hand queue
 * in the order sites asked (give one the floor), any site found by name (floor, mute, a notice
 * to it alone), and notices to all. The stage is read every 2 s while the conference runs; every
 * action answers the new stage at once. Once it has ended, the panel says so and acts no more.
 */
export function StagePanel({
  conferenceId,
  hallSiteId,
  ended = false,
  since,
}: {
  conferenceId: string;
  hallSiteId: string | null;
  ended?: boolean;
  /** The conference's scheduled start: its recordings are looked for from then. */
  since?: string;
}) {
  const { t } = useLanguage();
  const clock = useFormat();
  const o = t.operator.stage;
  const { api } = useConsole();
  const polled = usePolling(`stage:${conferenceId}`, (signal) => api.call('conferences.stage', { params: { id: conferenceId }, signal }), ended ? null : 2_000);
  const [acted, setActed] = useState<{ stage: Stage; at: Date } | null>(null);
  const action = useSubmit();
  // The fresher of the last poll and the last action's answer.
  const stage = acted && (!polled.updatedAt || acted.at > polled.updatedAt) ? acted.stage : polled.data;
  const act = (run: () => Promise<Stage>) => void action.run(async () => setActed({ stage: await run(), at: new Date() }));
  const giveFloor = (siteId: string | null) => act(() => api.call('conferences.giveFloor', { params: { id: conferenceId }, body: { siteId } }));
  const mute = (siteId: string, muted: boolean) => act(() => api.call('conferences.muteSite', { params: { id: conferenceId, siteId }, body: { muted } }));
  const [chosen, setChosen] = useState<ChosenSite | null>(null);
  const time = (iso: string) => clock.time(iso);
  const off = ended || action.busy;
  const isMuted = (siteId: string) => stage?.muted.includes(siteId) ?? false;

  return (
    <section className="console-section stage-panel" data-testid="stage-panel" data-ended={ended}>
      <h2>{o.title}</h2>
      {ended ? (
        <p className="stage-ended" role="status" data-testid="stage-ended">
          {o.ended}
        </p>
      ) : null}
      <RecordingControl conferenceId={conferenceId} ended={ended} since={since} />
      {polled.failure && !stage ? <FailureBox failure={polled.failure} compact /> : null}
      <div className="stage-block" data-testid="stage-floor">
        <h3>{o.floor}</h3>
        {stage?.floor ? (
          <p>
            <strong data-testid="floor-holder">{stage.floor.siteName}</strong> · {stage.floor.unitName} · <span className="muted">{o.since(time(stage.floor.since))}</span>
            {isMuted(stage.floor.siteId) ? <span className="badge badge-muted"> {o.muted}</span> : null}
          </p>
        ) : (
          <p className="muted">{o.noFloor}</p>
        )}
        {stage?.floor ? (
          <div className="toolbar">
            <button type="button" className="button" data-testid="take-floor" disabled={off} onClick={() => giveFloor(null)}>
              {o.takeBack}
            </button>
            <button type="button" className="button" data-testid="mute-floor" disabled={off} onClick={() => mute(stage.floor!.siteId, !isMuted(stage.floor!.siteId))}>
              {isMuted(stage.floor.siteId) ? o.unmute : o.mute}
            </button>
          </div>
        ) : null}
      </div>

      {stage?.presentation ? (
        <div className="stage-block" data-testid="stage-presentation">
          <h3>{o.presentation}</h3>
          <p>
            <span className="badge badge-presenting" data-testid="presenting-site" data-site-id={stage.presentation.siteId}>
              {o.presenting(stage.presentation.siteName)}
            </span>{' '}
            · {stage.presentation.unitName}
          </p>
        </div>
      ) : null}

      <div className="stage-block" data-testid="stage-any-site" hidden={ended}>
        <h3>{o.anySite}</h3>
        {ended ? null : <SiteChooser conferenceId={conferenceId} hallSiteId={hallSiteId} onPick={setChosen} />}
        {chosen && !ended ? (
          <div className="chosen-site" data-testid="chosen-site" data-site-id={chosen.siteId}>
            <strong>{chosen.name}</strong>
            {isMuted(chosen.siteId) ? <span className="badge badge-muted"> {o.muted}</span> : null}
            <div className="toolbar">
              <button type="button" className="button button-primary" data-testid="give-floor" disabled={off || stage?.floor?.siteId === chosen.siteId} onClick={() => giveFloor(chosen.siteId)}>
                {o.giveFloor}
              </button>
              <button type="button" className="button" data-testid="mute-site" disabled={off} onClick={() => mute(chosen.siteId, !isMuted(chosen.siteId))}>
                {isMuted(chosen.siteId) ? o.unmute : o.mute}
              </button>
            </div>
          </div>
        ) : null}
      </div>

      <div className="stage-hands">
        <h3>{o.hands}</h3>
        {stage?.hands.length ? (
          <ol className="hand-queue" data-testid="hand-queue">
            {stage.hands.map((h) => (
              <li key={h.siteId} data-site-id={h.siteId}>
                <strong>{h.siteName}</strong> · {h.unitName} · <span className="muted">{o.raisedAt(time(h.raisedAt))}</span>{' '}
                <button type="button" className="button button-primary" disabled={off} onClick={() => giveFloor(h.siteId)}>
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
      {ended ? null : <NoticeForm conferenceId={conferenceId} chosen={chosen} />}
    </section>
  );
}

function NoticeForm({ conferenceId, chosen }: { conferenceId: string; chosen: ChosenSite | null }) {
  const o = useLanguage().t.operator.stage;
  const { api } = useConsole();
  const [text, setText] = useState('');
  const [toChosen, setToChosen] = useState(false);
  const [recipients, setRecipients] = useState<number | null>(null);
  const send = useSubmit();
  const target = toChosen && chosen ? chosen : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.run(async () => {
      const sent = await api.call('conferences.sendNotice', { params: { id: conferenceId }, body: { text, ...(target ? { siteIds: [target.siteId] } : {}) } });
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
      <fieldset className="radio-row">
        <legend className="field-label">{o.noticeTo}</legend>
        <label>
          <input type="radio" name="notice-to" checked={!target} onChange={() => setToChosen(false)} /> {o.toAll}
        </label>
        <label>
          <input type="radio" name="notice-to" data-testid="notice-to-chosen" disabled={!chosen} checked={!!target} onChange={() => setToChosen(true)} />{' '}
          {chosen ? chosen.name : o.toChosenHint}
        </label>
      </fieldset>
      <button type="submit" className="button" disabled={send.busy}>
        {o.send}
      </button>
      {send.done && recipients !== null ? <p className="muted" role="status">{o.sent(recipients)}</p> : null}
      {send.failure ? <FailureBox failure={send.failure} compact /> : null}
    </form>
  );
}
