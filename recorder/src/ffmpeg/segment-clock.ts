/**
 * ffmpeg's segment muxer cuts at the first keyframe at or after each multiple of the segment
 * length, counted from the part's first packet. Browsers send keyframes seconds apart, so segments
 * ran 6-7 s instead of 4: a keyframe asked for just after each boundary arrives an encode and a
 * round trip later, and each segment closes at about its nominal length.
 */

/** Asked this long after a boundary, so the keyframe cannot arrive before it (and be wasted). */
export const keyFrameAfterBoundaryMs = 100;

/** Milliseconds from `now` to the next moment to ask for a keyframe (boundaries from `startedAt`). */
export function nextKeyFrameDelay(startedAt: number, now: number, segmentSeconds: number): number {
  const period = segmentSeconds * 1000;
  const next = Math.floor((now - startedAt - keyFrameAfterBoundaryMs) / period) + 1;
  return startedAt + Math.max(1, next) * period + keyFrameAfterBoundaryMs - now;
}
