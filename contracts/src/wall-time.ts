// Instants as the deployment's wall clock (Asia/Ho_Chi_Minh unless configured): exports, minutes
// and the console's date inputs are read by people next to a screen that shows local times, never
// UTC. Shared by the server (exports, minutes) and the browser (schedule inputs).

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The calendar fields of `date` on the clocks of `timeZone`. */
export function wallTime(date: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const n = (k: string) => Number(parts[k]);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

/** How far `timeZone`'s clock is ahead of UTC at `date`, in ms (whole seconds). */
export function utcOffsetMs(date: Date, timeZone: string): number {
  const w = wallTime(date, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(date.getTime() / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-05 12:27:13": what a spreadsheet and a person read as a local date and time. */
export function formatWallTime(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "12:27": the hour and minute only, for spans within one day. */
export function formatClock(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * A Date whose UTC fields are the wall time: spreadsheets have no time zones and show a date
 * cell's fields as they are stored.
 */
export function wallTimeAsUtc(date: Date, timeZone: string): Date {
  const w = wallTime(date, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, date.getUTCMilliseconds()));
}

/** Whether the runtime knows the zone (checked once at start, so a typo fails loudly). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}
