// Watched stretches of a recording, merged. Pure: the server keeps, per person and recording, a
// sorted list of disjoint [start, end] ranges of media seconds that were actually played.
import type { WatchedInterval } from '@lienthong/contracts';

/** [startSec, endSec], startSec < endSec. */
export type Range = readonly [number, number];

/**
 * Gaps smaller than this are closed when merging: timeupdate fires every ~250 ms, so two reports
 * of one continuous playback meet with a sliver between them.
 */
export const JOIN_TOLERANCE_SEC = 0.5;

/**
 * Cleans reported intervals against the media's duration: non-finite values dropped, each clipped
 * to [0, duration], empty or reversed ones dropped. A client cannot claim more than the media has.
 */
export function sanitize(reported: readonly WatchedInterval[], durationSec: number): Range[] {
  const out: Range[] = [];
  for (const { startSec, endSec } of reported) {
    if (!Number.isFinite(startSec) || !Number.isFinite(endSec)) continue;
    const start = Math.max(0, Math.min(startSec, durationSec));
    const end = Math.max(0, Math.min(endSec, durationSec));
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** Union of ranges in any order, overlapping or not: sorted, disjoint, gaps under the tolerance closed. */
export function mergeRanges(ranges: readonly Range[], tolerance = JOIN_TOLERANCE_SEC): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + tolerance) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export const totalLength = (ranges: readonly Range[]) => ranges.reduce((sum, [s, e]) => sum + (e - s), 0);

/** Share of the media covered by the ranges, 0..1 (0 for media of no known length). */
export function watchedShare(ranges: readonly Range[], durationSec: number): number {
  if (!(durationSec > 0)) return 0;
  return Math.min(1, totalLength(ranges) / durationSec);
}

/** Stored ranges plus a new report, merged. Stored ranges are trusted; reported ones are cleaned. */
export function addReport(stored: readonly Range[], reported: readonly WatchedInterval[], durationSec: number): Range[] {
  return mergeRanges([...stored, ...sanitize(reported, durationSec)]);
}
