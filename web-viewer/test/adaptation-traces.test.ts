import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapt, type AdaptationState, initialAdaptation, PICTURE_GRACE, BAD_INTERVALS, startingAt } from '../src/site/receive/adaptation';
import type { Reception } from '../src/site/receive/reception';
import type { ReceiveLevel } from '../src/site/receive/receive-level';

/**
 * The policy replayed on real sessions: 2-s intervals of a Chromium site behind the project's
 * impairment relay, written by `TRACES_DIR=… npm run bench:adaptation -w web-viewer` (each with
 * the level in force while it was measured). The replay is open loop: it feeds what was measured
 * at a level to the policy standing at that level and checks what the policy does with it.
 */
interface Interval {
  t: number;
  level: ReceiveLevel;
  reception: Reception;
}

const trace = (name: string): Interval[] => {
  const parsed: unknown = JSON.parse(readFileSync(new URL(`./traces/${name}.json`, import.meta.url), 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((x: Interval) => typeof x.t === 'number' && typeof x.reception?.fps === 'number')) {
    throw new Error(`trace ${name} is not a list of intervals`);
  }
  return parsed as Interval[];
};
/** The intervals measured at `level` within [from, to) s. */
const at = (name: string, level: ReceiveLevel, from = 0, to = Infinity) =>
  trace(name)
    .filter((x) => x.level === level && x.t >= from && x.t < to)
    .map((x) => x.reception);
/** The levels the policy takes, interval by interval. */
const levels = (samples: Reception[], from: AdaptationState) => {
  const out: ReceiveLevel[] = [];
  samples.reduce((s, x) => {
    const next = adapt(s, x);
    out.push(next.level);
    return next;
  }, from);
  return out;
};

describe('adaptation replayed on recorded sessions', () => {
  it('256 kbit/s, 5 % loss, 100 ms: once past the join, the small layer (19-20 fps, sound concealing ~5 %) is kept', () => {
    const small = at('256k-5pct-100ms.viewer', 'low', 14);
    expect(small.length).toBeGreaterThan(15);
    expect(new Set(levels(small, { ...startingAt('low'), pictureSeen: true }))).toEqual(new Set(['low']));
  });

  it('the same link joined at full with a 1 Mbit/s start estimate (the old join): the burst breaks the sound up and it steps down at once', () => {
    const burst = at('256k-5pct-100ms.legacy', 'full');
    expect(burst[0]!.concealedPercent).toBeGreaterThan(15);
    expect(levels(burst.slice(0, BAD_INTERVALS), initialAdaptation).at(-1)).toBe('low');
  });

  it('128 kbit/s, 5 % loss: the tiny layer moving at ~5 fps is kept, not traded for sound only', () => {
    const tiny = at('128k-5pct-100ms.viewer', 'tiny');
    expect(tiny.length).toBeGreaterThan(15);
    expect(new Set(levels(tiny, startingAt('tiny')))).toEqual(new Set(['tiny']));
  });

  it('64 kbit/s, 5 % loss: the node never sends the tiny layer, so after its grace the site falls to sound only', () => {
    const starved = at('64k-5pct-100ms.viewer', 'tiny').filter((r) => r.fps === 0);
    expect(starved.length).toBeGreaterThan(PICTURE_GRACE + BAD_INTERVALS);
    expect(levels(starved, startingAt('tiny')).indexOf('audio')).toBe(PICTURE_GRACE + BAD_INTERVALS - 1);
  });

  it('a link that degrades to 256k/5 % and recovers: the small layer keeps moving through it, and the clean link is probed back to full', () => {
    // degraded from 15 s to 60 s: the small layer at 5-10 fps, then 15-20 as the estimate settles
    const degraded = at('degrade-and-recover.viewer', 'low', 21, 62);
    const recovered = trace('degrade-and-recover.viewer').filter((x) => x.t >= 65 && x.level === 'low').map((x) => x.reception);
    const afterDegraded = levels(degraded, startingAt('low'));
    expect(afterDegraded.at(-1)).toBe('low');
    expect(levels(recovered, { ...startingAt('low'), pictureSeen: true })).toContain('full');
  });

  it('a clean link joined on the small layer (a site recorded as 3G) climbs to full', () => {
    expect(levels(at('clean.viewer', 'low'), startingAt('low'))).toContain('full');
  });
});
