import { useFormat } from '../../shared/clock';
import { fromZonedInput } from '../../shared/zoned-input';

/**
 * The time a datetime-local field holds, in words ("Sunday 6 December 2026 at 08:00 (GMT+7)"):
 * the browser draws the field in its own locale, e.g. "12/06/2026, 08:00 AM" in an English
 * Chrome, which a reader here takes for 12 June.
 */
export function WallTimeEcho({ value, testId }: { value: string; testId: string }) {
  const clock = useFormat();
  const iso = value ? fromZonedInput(value, clock.timeZone) : '';
  if (!iso) return null;
  return (
    <span className="muted wall-time-echo" data-testid={testId}>
      = {clock.longDateTime(iso)}
    </span>
  );
}
