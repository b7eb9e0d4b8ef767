import { describe, expect, it } from 'vitest';
import { keyFrameAfterBoundaryMs as after, nextKeyFrameDelay } from '../src/ffmpeg/segment-clock.js';

/** When a part asks for keyframes: just after each multiple of the segment length from its start. */
describe('nextKeyFrameDelay', () => {
  const start = 1_000_000;
  it.each([
    { now: start, delay: 4000 + after, why: 'at the start: the first boundary' },
    { now: start + 1500, delay: 2500 + after, why: 'within the first segment' },
    { now: start + 4000, delay: after, why: 'on a boundary: just after it' },
    { now: start + 4000 + after, delay: 4000, why: 'right after asking: the next boundary' },
    { now: start + 4000 + after + 1, delay: 3999, why: 'a moment later' },
    { now: start + 41_000, delay: 3000 + after, why: 'ten segments on' },
  ])('$why', ({ now, delay }) => expect(nextKeyFrameDelay(start, now, 4)).toBe(delay));
});
