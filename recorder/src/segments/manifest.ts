import type { RecordingManifest, RecordingPart, TapTrack } from '@lienthong/contracts';
import type { FinishedSegment } from './segment-list.js';

/**
 * Pure updates of a recording's manifest. The timeline (`startSec`) is playback time: segments
 * laid end to end across parts, as the HLS playlist plays them; `startedAt` keeps wall time.
 */
export function newManifest(recordingId: string, conferenceId: string): RecordingManifest {
  return { version: 1, recordingId, conferenceId, status: 'recording', parts: [], renditions: [], master: null, poster: null, chapters: [], durationSec: 0 };
}

export const partDir = (index: number) => `archive/p${String(index).padStart(3, '0')}`;

export function startPart(m: RecordingManifest, reason: RecordingPart['reason'], tracks: TapTrack[], at: Date): RecordingManifest {
  const part: RecordingPart = {
    index: m.parts.length,
    reason,
    startedAt: at.toISOString(),
    endedAt: null,
    segments: [],
    program: tracks.map((t) => ({ siteId: t.siteId, siteName: t.siteName, kind: t.kind, ...(t.source ? { source: t.source } : {}) })),
  };
  return { ...m, status: 'recording', parts: [...m.parts, part] };
}

/**
 * Adds the finished segments of the last part not yet listed (ffmpeg's list is read again and
 * again, and once more by a job resuming after a crash).
 */
export function addSegments(m: RecordingManifest, finished: FinishedSegment[]): RecordingManifest {
  const part = m.parts.at(-1);
  if (!part) throw new Error('no part to add segments to');
  const dir = partDir(part.index);
  const listed = new Set(part.segments.map((s) => s.file));
  const fresh = finished.filter((f) => !listed.has(`${dir}/${f.file}`));
  if (!fresh.length) return m;
  let duration = m.durationSec;
  const segments = [...part.segments];
  for (const f of fresh) {
    const durationSec = round(f.endSec - f.startSec);
    segments.push({ file: `${dir}/${f.file}`, startSec: round(duration), durationSec });
    duration += durationSec;
  }
  return { ...m, durationSec: round(duration), parts: [...m.parts.slice(0, -1), { ...part, segments }] };
}

/** Closes the last part (if open) at the end of its last segment in wall time. */
export function endPart(m: RecordingManifest, at: Date): RecordingManifest {
  const part = m.parts.at(-1);
  if (!part || part.endedAt) return m;
  return { ...m, parts: [...m.parts.slice(0, -1), { ...part, endedAt: at.toISOString() }] };
}

/** Every segment, in playback order, with the part it belongs to. */
export const allSegments = (m: RecordingManifest) => m.parts.flatMap((p) => p.segments.map((s) => ({ ...s, part: p.index })));

const round = (n: number) => Math.round(n * 1000) / 1000;
