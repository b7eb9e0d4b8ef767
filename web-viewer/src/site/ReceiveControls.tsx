import { useT } from '../i18n/language';
import { manualLevel, type ReceiveSwitches } from './receive/receive-level';
import type { SiteSnapshot } from './site-session';

/** The weak-link switches: audio only, low bandwidth, automatic adaptation; and what is received now. */
export function ReceiveControls({
  receive,
  onChange,
}: {
  receive: SiteSnapshot['receive'];
  onChange(patch: Partial<ReceiveSwitches>): void;
}) {
  const t = useT();
  const toggle = (key: keyof ReceiveSwitches, label: string, testId: string) => (
    <button
      type="button"
      className={receive.switches[key] ? 'toggle toggle-on' : 'toggle'}
      aria-pressed={receive.switches[key]}
      onClick={() => onChange({ [key]: !receive.switches[key] })}
      data-testid={testId}
    >
      <span className="toggle-mark" aria-hidden="true" />
      {label}
    </button>
  );
  const adapted = receive.level !== manualLevel(receive.switches);
  return (
    <div className="receive-controls" role="group" aria-label={t.receive.title}>
      {toggle('audioOnly', t.receive.audioOnly, 'audio-only')}
      {toggle('lowBandwidth', t.receive.lowBandwidth, 'low-bandwidth')}
      {toggle('automatic', t.receive.automatic, 'automatic')}
      <span className="receive-now" data-testid="receive-level" data-level={receive.level} aria-live="polite">
        {t.receive.now(t.receive.level[receive.level])}
        {adapted ? <em> ({t.receive.adapted})</em> : null}
      </span>
    </div>
  );
}
