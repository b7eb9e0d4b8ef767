import type { Chapter, RecordingManifest } from '@lienthong/contracts';

/**
 * Chapters of a recording: its start, every change of who is on screen (the floor), and the
 * agenda's timed items. Agenda lines like "08:30 Khai mạc" or "14h00 - Thảo luận" are local times
 * of the conference's day (`utcOffsetMinutes`, Vietnam's +07:00 by default), placed on the
 * playback timeline where the recording covers them; items outside the recording are left out.
 */
export function chapters(m: RecordingManifest, o: { title: string; agenda: string | null; utcOffsetMinutes?: number }): Chapter[] {
  const out: Chapter[] = [];
  const parts = m.parts.filter((p) => p.segments.length);
  if (!parts.length) return out;
  out.push({ startSec: 0, title: o.title, kind: 'start' });

  let holder = videoHolder(parts[0]!);
  for (const part of parts.slice(1)) {
    const now = videoHolder(part);
    if (now && now !== holder) out.push({ startSec: part.segments[0]!.startSec, title: now, kind: 'floor' });
    holder = now ?? holder;
  }

  for (const item of agendaItems(o.agenda)) {
    const at = onTimeline(m, item, o.utcOffsetMinutes ?? 7 * 60);
    if (at !== null) out.push({ startSec: at, title: item.title, kind: 'agenda' });
  }
  return out.sort((a, b) => a.startSec - b.startSec);
}

/** Whose picture a part shows: its camera's site (a shared screen is not who holds the floor). */
const videoHolder = (part: RecordingManifest['parts'][number]) => part.program?.find((t) => t.kind === 'video' && t.source !== 'presentation')?.siteName ?? null;

interface AgendaItem {
  minutes: number;
  title: string;
}

export function agendaItems(agenda: string | null): AgendaItem[] {
  if (!agenda) return [];
  const out: AgendaItem[] = [];
  for (const line of agenda.split('\n')) {
    const m = /^\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*[-–:.]?\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [h, min] = [Number(m[1]), Number(m[2])];
    if (h < 24 && min < 60) out.push({ minutes: h * 60 + min, title: m[3]! });
  }
  return out;
}

/** Where a local time of the recording's first day falls in playback time, or null if not recorded. */
function onTimeline(m: RecordingManifest, item: AgendaItem, utcOffsetMinutes: number): number | null {
  const first = new Date(m.parts[0]!.startedAt);
  const localMidnight = Math.floor((first.getTime() + utcOffsetMinutes * 60_000) / 86_400_000) * 86_400_000 - utcOffsetMinutes * 60_000;
  const at = localMidnight + item.minutes * 60_000;
  for (const part of m.parts) {
    if (!part.segments.length) continue;
    const start = Date.parse(part.startedAt);
    const length = part.segments.reduce((n, s) => n + s.durationSec, 0);
    if (at >= start && at < start + length * 1000) return Math.round((part.segments[0]!.startSec + (at - start) / 1000) * 1000) / 1000;
  }
  return null;
}
