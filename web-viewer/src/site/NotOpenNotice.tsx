import { conferenceNotOpenDetailsSchema } from '@lienthong/contracts';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/language';
import type { Failure } from '../shared/failure';
import { splitDuration } from '../shared/format';
import { useFormat } from '../shared/clock';

/** "The conference has not started yet": its scheduled start and a live countdown to it. */
export function NotOpenNotice({ failure }: { failure: Failure }) {
  const t = useT();
  const clock = useFormat();
  const details = conferenceNotOpenDetailsSchema.safeParse(failure.details);
  const start = details.success ? Date.parse(details.data.scheduledStart) : Number.NaN;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = start - now;
  return (
    <section className="notice notice-waiting" role="status" aria-live="polite" data-testid="not-open">
      <h2 className="notice-title">{t.notOpen.title}</h2>
      {details.success ? <p className="notice-line">{t.notOpen.startsAt(clock.dateTime(details.data.scheduledStart))}</p> : null}
      {Number.isFinite(left) ? (
        <p className="countdown" data-testid="countdown" aria-live="off">
          {left > 0 ? t.notOpen.countdown(splitDuration(left)) : t.notOpen.due}
        </p>
      ) : null}
      <p className="notice-hint">{t.notOpen.autoJoin}</p>
    </section>
  );
}
