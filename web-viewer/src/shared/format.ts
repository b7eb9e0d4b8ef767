import { DEFAULT_TIME_ZONE } from '@lienthong/contracts';
import type { Language } from '../i18n/dictionary';

/** The zone conferences are held in when the deployment has not said (the server's default too). */
export { DEFAULT_TIME_ZONE };

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

// Times on screen are the deployment's (conferences are in Asia/Ho_Chi_Minh), whatever the
// browser's own zone: an operator abroad or a PC set to UTC must read the hall's clock, and every
// time says which zone it is in.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** "GMT+7" (the offset at that instant, so summer time elsewhere is right), "GMT" for UTC. */
export function zoneLabel(date: Date, timeZone: string): string {
  const f = formatter(`zone:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' }));
  const label = f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return label === 'GMT+0' ? 'GMT' : label;
}

const valid = (date: Date) => !Number.isNaN(date.getTime());

/** An ISO timestamp as the deployment's date and time with its zone, e.g. "08:30 13/01/2025 (GMT+7)". */
export function formatDateTime(iso: string, language: Language, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (!valid(date)) return iso;
  const f = formatter(`dt:${language}:${timeZone}`, () =>
    new Intl.DateTimeFormat(locales[language], { timeZone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' }),
  );
  return `${f.format(date)} (${zoneLabel(date, timeZone)})`;
}

/** The time, then the date with its weekday and month in words ("08:00, Sunday 6 December 2026 (GMT+7)"): no day/month order to guess. */
export function formatLongDateTime(iso: string, language: Language, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (!valid(date)) return iso;
  const day = formatter(`long:${language}:${timeZone}`, () =>
    new Intl.DateTimeFormat(locales[language], { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  );
  return `${formatTime(date, language, timeZone, { seconds: false }).replace(/ \(.*\)$/, '')}, ${day.format(date)} (${zoneLabel(date, timeZone)})`;
}

/** A time of day on the deployment's clock with its zone, e.g. "12:27:13 (GMT+7)"; `seconds: false` for "12:27 (GMT+7)". */
export function formatTime(date: Date | string, language: Language, timeZone = DEFAULT_TIME_ZONE, { seconds = true } = {}): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (!valid(d)) return String(date);
  const f = formatter(`t:${language}:${timeZone}:${seconds}`, () =>
    new Intl.DateTimeFormat(locales[language], { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }),
  );
  return `${f.format(d)} (${zoneLabel(d, timeZone)})`;
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** A duration in ms as whole days, hours, minutes and seconds (rounded up: "00:00:01" until it is due). */
export function splitDuration(ms: number): DurationParts {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}
