import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeTest, isCompleted } from '../../src/recordings/completion.js';
import { addReport, mergeRanges, sanitize, totalLength, watchedShare, type Range } from '../../src/recordings/watched-intervals.js';

const iv = (startSec: number, endSec: number) => ({ startSec, endSec });

describe('merging watched intervals', () => {
  it.each<[string, Range[], Range[]]>([
    ['nothing', [], []],
    ['one range', [[0, 10]], [[0, 10]]],
    ['disjoint, out of order', [[20, 30], [0, 10]], [[0, 10], [20, 30]]],
    ['overlapping', [[0, 10], [5, 15]], [[0, 15]]],
    ['one inside another', [[0, 30], [10, 12]], [[0, 30]]],
    ['touching', [[0, 10], [10, 20]], [[0, 20]]],
    ['a sliver between two timeupdates is closed', [[0, 10], [10.3, 20]], [[0, 20]]],
    ['a real gap stays', [[0, 10], [11, 20]], [[0, 10], [11, 20]]],
    ['the same range twice', [[5, 6], [5, 6]], [[5, 6]]],
  ])('%s', (_name, input, expected) => {
    expect(mergeRanges(input)).toEqual(expected);
  });

  it('drops bogus reports and clips to the duration', () => {
    expect(sanitize([iv(-5, 3), iv(8, 4), iv(NaN, 9), iv(2, Infinity), iv(50, 200), iv(120, 130)], 100)).toEqual([
      [0, 3],
      [50, 100],
    ]);
  });

  it('counts seeking ahead as nothing: only the played stretches add up', () => {
    // Played 0-10, jumped to 80 and played to 90: 20 s of 100, not 90.
    const ranges = addReport([], [iv(0, 10), iv(80, 90)], 100);
    expect(totalLength(ranges)).toBe(20);
    expect(watchedShare(ranges, 100)).toBeCloseTo(0.2);
  });

  it('replaying a stretch does not count it twice', () => {
    let stored: Range[] = [];
    for (let i = 0; i < 5; i++) stored = addReport(stored, [iv(0, 30)], 60);
    expect(watchedShare(stored, 60)).toBeCloseTo(0.5);
  });

  it('a recording of no known length has share 0', () => {
    expect(watchedShare([[0, 10]], 0)).toBe(0);
  });

  it('property: merged ranges are sorted, disjoint, within [0, duration], and never longer than the media', () => {
    const report = fc.array(fc.record({ startSec: fc.double({ min: -50, max: 250, noNaN: false }), endSec: fc.double({ min: -50, max: 250 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 5 }), (reports) => {
        let stored: Range[] = [];
        for (const r of reports) stored = addReport(stored, r, 200);
        for (let i = 0; i < stored.length; i++) {
          const [s, e] = stored[i]!;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(200);
          expect(e).toBeGreaterThan(s);
          if (i > 0) expect(s).toBeGreaterThan(stored[i - 1]![1]);
        }
        expect(watchedShare(stored, 200)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: the order reports arrive in does not change the result', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 })).map(([s, l]) => iv(s, s + l));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 30 }), (ranges) => {
        const forward = ranges.reduce<Range[]>((acc, r) => addReport(acc, [r], 200), []);
        const backward = [...ranges].reverse().reduce<Range[]>((acc, r) => addReport(acc, [r], 200), []);
        expect(forward).toEqual(backward);
      }),
    );
  });
});

describe('completion', () => {
  it.each([
    [{ share: 0.95, threshold: 0.9, hasTest: false, testPassed: null }, true],
    [{ share: 0.9, threshold: 0.9, hasTest: false, testPassed: null }, true],
    [{ share: 0.89, threshold: 0.9, hasTest: false, testPassed: null }, false],
    [{ share: 1, threshold: 0.9, hasTest: true, testPassed: null }, false],
    [{ share: 1, threshold: 0.9, hasTest: true, testPassed: false }, false],
    [{ share: 0.95, threshold: 0.9, hasTest: true, testPassed: true }, true],
    [{ share: 0.5, threshold: 0.9, hasTest: true, testPassed: true }, false],
  ])('%o -> %s', (input, expected) => {
    expect(isCompleted(input)).toBe(expected);
  });
});

describe('grading a test', () => {
  const questions = [
    { prompt: 'A?', choices: ['a', 'b'], correct: 0 },
    { prompt: 'B?', choices: ['a', 'b', 'c'], correct: 2 },
    { prompt: 'C?', choices: ['a', 'b'], correct: 1 },
  ];
  it('grades by position, a missing answer is wrong', () => {
    expect(gradeTest(questions, [0, 2], 60)).toEqual({ correct: 2, total: 3, score: 66.7, passed: true });
    expect(gradeTest(questions, [1, 2, 0], 60)).toEqual({ correct: 1, total: 3, score: 33.3, passed: false });
    expect(gradeTest(questions, [0, 2, 1], 100)).toEqual({ correct: 3, total: 3, score: 100, passed: true });
  });
  it('an empty test passes nobody', () => {
    expect(gradeTest([], [], 0).passed).toBe(false);
  });
});
