import { describe, expect, it } from 'vitest';
import { needsSeek, presentationTimeAt } from '../src/replay/presentation-sync';

describe('recorded slides beside the speaker', () => {
  // Shared from 10 s to 25 s and from 40 s to 46 s of the recording: 21 s of slides end to end.
  const spans = [
    { startSec: 10, durationSec: 15, atSec: 0 },
    { startSec: 40, durationSec: 6, atSec: 15 },
  ];

  it.each([
    [0, null],
    [9.99, null],
    [10, 0],
    [24.5, 14.5],
    [25, null],
    [39, null],
    [40, 15],
    [45.9, 20.9],
    [46, null],
  ])('at %s s of the recording the slides are at %s', (at, expected) => {
    const got = presentationTimeAt(spans, at);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 6);
  });

  it('nothing shared: never slides', () => {
    expect(presentationTimeAt([], 12)).toBeNull();
  });

  it('seeks the slides only past the drift a second player always has', () => {
    expect(needsSeek(10.2, 10)).toBe(false);
    expect(needsSeek(9.6, 10)).toBe(false);
    expect(needsSeek(10.8, 10)).toBe(true);
    expect(needsSeek(0, 15)).toBe(true);
  });
});
