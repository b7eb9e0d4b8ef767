import type { Language } from '../i18n/dictionary';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** An ISO timestamp as local date and time, e.g. "08:30 13/01/2025". */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locales[language], {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

export function formatTime(date: Date, language: Language): string {
  return date.toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
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
