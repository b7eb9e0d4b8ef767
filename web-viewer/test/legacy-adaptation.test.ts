import { describe, expect, it } from 'vitest';
import type { Quality } from '../src/site/quality';
import {
  adapt,
  type AdaptationState,
  FIRST_CLIMB_AFTER,
  initialAdaptation,
  judge,
  MAX_CLIMB_AFTER,
} from '../src/site/receive/legacy-adaptation';

const q = (lossPercent: number, fps = 30, kbps = 900): Quality => ({ level: 'good', lossPercent, fps, kbps });
const clean = q(0);
const fair = q(3);
const lossy = q(10);
const severe = q(30);
const frozen = q(0, 2);
const silent: Quality = { level: 'none', kbps: 0, lossPercent: 0, fps: 0 };

const run = (samples: Quality[], from: AdaptationState = initialAdaptation) => samples.reduce((s, q) => adapt(s, q), from);
const times = (n: number, s: Quality) => Array.from({ length: n }, () => s);

describe('judging one interval', () => {
  it.each([
    [clean, true, 'clean'],
    [fair, true, 'fair'],
    [lossy, true, 'bad'],
    [severe, true, 'severe'],
    [frozen, true, 'bad'],
    // with video paused (audio only) a still picture is expected, not a fault
    [q(0, 0, 30), false, 'clean'],
    [silent, true, 'unknown'],
  ] as const)('%o (video expected: %s) is %s', (sample, videoExpected, verdict) => {
    expect(judge(sample, videoExpected)).toBe(verdict);
  });
});

describe('legacy adaptation policy (the bench baseline)', () => {
  it.each([
    ['a clean link stays full', [...times(50, clean)], 'full'],
    ['one lossy interval is not enough', [lossy], 'full'],
    ['two lossy intervals step down to the small layer', [lossy, lossy], 'low'],
    ['a lossy interval between clean ones never steps down', [lossy, clean, lossy, clean, lossy], 'full'],
    ['severe loss steps down at once', [severe], 'low'],
    ['a frozen picture steps down', [frozen, frozen], 'low'],
    ['loss that persists on the small layer leaves sound only', [lossy, lossy, lossy, lossy], 'audio'],
    ['sound only is the floor', [...times(10, severe)], 'audio'],
    ['intervals with nothing received change nothing', [lossy, silent, silent, lossy], 'low'],
    ['fair intervals hold the level but do not count towards climbing', [severe, ...times(40, fair)], 'low'],
    ['a clean stretch climbs back one level', [severe, ...times(FIRST_CLIMB_AFTER, clean)], 'full'],
    ['a shorter clean stretch does not', [severe, ...times(FIRST_CLIMB_AFTER - 1, clean)], 'low'],
    [
      'from sound only it climbs one level at a time',
      [severe, severe, ...times(FIRST_CLIMB_AFTER, clean)],
      'low',
    ],
  ] as const)('%s', (_name, samples, level) => {
    expect(run([...samples]).level).toBe(level);
  });

  it('waits twice as long after a failed climb, up to a bound', () => {
    let s = run([severe]); // low, climbAfter = FIRST
    s = run([...times(FIRST_CLIMB_AFTER, clean), severe], s); // climbs, falls at once
    expect(s).toMatchObject({ level: 'low', climbAfter: FIRST_CLIMB_AFTER * 2 });
    expect(run(times(FIRST_CLIMB_AFTER, clean), s).level).toBe('low');
    expect(run(times(FIRST_CLIMB_AFTER * 2, clean), s).level).toBe('full');
    for (let i = 0; i < 10; i += 1) s = run([...times(s.climbAfter, clean), severe], s);
    expect(s.climbAfter).toBe(MAX_CLIMB_AFTER);
  });

  it('a still picture is not a fault while sound only was chosen by hand', () => {
    expect(run([frozen, frozen].map((x) => x)).level).toBe('low');
    expect([frozen, frozen, frozen].reduce((s, x) => adapt(s, x, false), initialAdaptation).level).toBe('full');
  });

  it('a fall long after a climb is not a failed climb', () => {
    let s = run([severe, ...times(FIRST_CLIMB_AFTER, clean)]);
    s = run([...times(30, clean), severe], s);
    expect(s).toMatchObject({ level: 'low', climbAfter: FIRST_CLIMB_AFTER });
  });
});
