import type { PresentationSpan } from '@lienthong/contracts';

/**
 * Where the recorded slides are at a moment of the recording: the presentation's playlist holds
 * only the stretches while a screen was shared, end to end, so a moment inside a span maps to its
 * `atSec` plus the time into it; outside every span nothing was shared (null).
 */
export function presentationTimeAt(spans: readonly PresentationSpan[], recordingSec: number): number | null {
  const span = spans.find((s) => recordingSec >= s.startSec && recordingSec < s.startSec + s.durationSec);
  return span ? span.atSec + (recordingSec - span.startSec) : null;
}

/** Slides further off than this from where they belong are sought (two players never tick together). */
export const driftLimitSec = 0.5;

/** Whether the slides' player must seek to follow the speaker's. */
export const needsSeek = (slidesSec: number, targetSec: number) => Math.abs(slidesSec - targetSec) > driftLimitSec;
