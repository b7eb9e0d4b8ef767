import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/language';
import type { DeviceChoice } from './capture';
import { canChooseSpeaker } from './devices/device-list';
import { LevelMeter } from './devices/level-meter';
import { loadPreferences, savePreferences } from './devices/preferences';
import { playTestTone } from './devices/test-tone';
import { useDevicePreview } from './devices/use-device-preview';
import type { SiteSnapshot } from './site-session';

export interface JoinRequest {
  devices: DeviceChoice;
  delegates: number | null;
  stream: MediaStream | null;
}

/**
 * Before joining: choose and try the camera, microphone and speaker, and say how many delegates
 * are in the hall. `canJoinNow` is false while the conference is not open: the button then asks
 * to join as soon as it opens.
 */
export function DeviceCheck({
  snapshot,
  canJoinNow,
  onJoin,
}: {
  snapshot: SiteSnapshot | null;
  canJoinNow: boolean;
  onJoin(request: JoinRequest): void;
}) {
  const t = useT();
  const ids = useId();
  const [preferences] = useState(loadPreferences);
  const [choice, setChoice] = useState<DeviceChoice>(preferences.devices);
  const [delegates, setDelegates] = useState(preferences.delegates === null ? '' : String(preferences.delegates));
  const [level, setLevel] = useState(0);
  const [playing, setPlaying] = useState(false);
  const preview = useDevicePreview(choice);
  const video = useRef<HTMLVideoElement>(null);
  const meter = useRef<LevelMeter | null>(null);

  useEffect(() => {
    if (video.current) video.current.srcObject = preview.stream;
    const hasAudio = (preview.stream?.getAudioTracks().length ?? 0) > 0;
    meter.current = hasAudio && preview.stream ? new LevelMeter(preview.stream, setLevel) : null;
    return () => {
      meter.current?.close();
      meter.current = null;
      setLevel(0);
    };
  }, [preview.stream]);

  const pick = (key: keyof DeviceChoice) => (event: React.ChangeEvent<HTMLSelectElement>) => {
    meter.current?.resume();
    setChoice((c) => ({ ...c, [key]: event.target.value || null }));
  };
  const testSpeaker = () => {
    meter.current?.resume();
    setPlaying(true);
    playTestTone(choice.speakerId)
      .catch((err: unknown) => console.warn('lienthong: test tone failed', err))
      .finally(() => setPlaying(false));
  };
  const count = delegates.trim() === '' ? null : Number(delegates);
  const countValid = count === null || (Number.isInteger(count) && count >= 0 && count <= 100_000);
  const join = (event: React.FormEvent) => {
    event.preventDefault();
    if (!countValid) return;
    savePreferences({ devices: choice, delegates: count });
    onJoin({ devices: choice, delegates: count, stream: preview.take() });
  };

  const role = snapshot?.role;
  const waiting = snapshot?.joinRequested ?? false;
  const select = (key: keyof DeviceChoice, label: string, devices: MediaDeviceInfo[], disabled = false) => (
    <label className="field" htmlFor={`${ids}-${key}`}>
      <span className="field-label">{label}</span>
      <select id={`${ids}-${key}`} value={choice[key] ?? ''} onChange={pick(key)} disabled={disabled || waiting}>
        <option value="">{t.deviceCheck.systemDefault}</option>
        {devices.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form className="device-check" onSubmit={join} aria-labelledby={`${ids}-title`} data-testid="device-check">
      <h1 id={`${ids}-title`} className="device-check-title">
        {t.deviceCheck.title}
      </h1>
      {role ? <p className="device-check-note">{role === 'hall' ? t.deviceCheck.hallNote : t.deviceCheck.siteNote}</p> : null}
      <div className="device-check-body">
        <div className="device-preview">
          <video ref={video} autoPlay playsInline muted aria-label={t.deviceCheck.preview} data-testid="device-preview" />
          {!preview.stream?.getVideoTracks().length ? <div className="device-preview-empty">{t.deviceCheck.noPreview}</div> : null}
        </div>
        <div className="device-fields">
          {select('cameraId', t.deviceCheck.camera, preview.lists.cameras)}
          {select('microphoneId', t.deviceCheck.microphone, preview.lists.microphones)}
          <div className="level" role="meter" aria-label={t.deviceCheck.micLevel} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
            <div className="level-fill" style={{ width: `${Math.round(level * 100)}%` }} />
          </div>
          <p className="field-hint">{t.deviceCheck.micHint}</p>
          {canChooseSpeaker()
            ? select('speakerId', t.deviceCheck.speaker, preview.lists.speakers)
            : <p className="field-hint">{t.deviceCheck.speakerUnsupported}</p>}
          <button type="button" className="button" onClick={testSpeaker} disabled={playing} data-testid="test-tone">
            {playing ? t.deviceCheck.playingTone : t.deviceCheck.testTone}
          </button>
          <label className="field" htmlFor={`${ids}-delegates`}>
            <span className="field-label">{t.deviceCheck.delegates}</span>
            <input
              id={`${ids}-delegates`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              step={1}
              value={delegates}
              onChange={(e) => setDelegates(e.target.value)}
              aria-invalid={!countValid}
              aria-describedby={`${ids}-delegates-hint`}
              disabled={waiting}
              data-testid="delegates"
            />
          </label>
          <p className="field-hint" id={`${ids}-delegates-hint`}>
            {t.deviceCheck.delegatesHint}
          </p>
          {preview.failed ? <p className="field-warning" role="status">{t.deviceCheck.devicesUnavailable}</p> : null}
        </div>
      </div>
      <div className="device-check-actions">
        {waiting ? (
          <p className="device-check-waiting" role="status">
            {t.deviceCheck.willJoinWhenOpen}
          </p>
        ) : (
          <button type="submit" className="button button-primary button-large" disabled={!countValid} data-testid="join-button">
            {canJoinNow ? t.deviceCheck.join : t.deviceCheck.joinWhenOpen}
          </button>
        )}
      </div>
    </form>
  );
}
