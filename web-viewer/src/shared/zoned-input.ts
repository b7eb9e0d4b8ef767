// `<input type="datetime-local">` speaks wall time without a zone; the API wants instants. The
// wall time is the deployment's (where the conference is held), not the browser's: an operator
// whose PC is set to UTC who types 08:00 means 08:00 in Hà Nội.
import { DEFAULT_TIME_ZONE, utcOffsetMs, wallTime } from '@lienthong/contracts';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as "2026-12-05T08:30" on the zone's clock, for a datetime-local input. */
export function toZonedInput(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const f = wallTime(new Date(iso), timeZone);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/** "2026-12-05T08:30" read on the zone's clock, as an ISO instant. */
export function fromZonedInput(value: string, timeZone = DEFAULT_TIME_ZONE): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return ''; // the server refuses it, next to the field
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The offset at the guess, then at the corrected instant (they differ only across a DST change).
  const first = wall - utcOffsetMs(new Date(wall), timeZone);
  return new Date(wall - utcOffsetMs(new Date(first), timeZone)).toISOString();
}
