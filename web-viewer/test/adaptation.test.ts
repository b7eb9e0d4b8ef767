import { describe, expect, it } from 'vitest';
import {
  adapt,
  type AdaptationState,
  initialAdaptation,
  judge,
  awaitPicture,
  BAD_INTERVALS,
  MAX_BACKOFF,
  PICTURE_GRACE,
  PICTURE_PATIENCE,
  PROBE_AFTER_CLEAN,
  PROBE_AFTER_ROOM,
  startingAt,
} from '../src/site/receive/adaptation';
import { noReception, type Reception } from '../src/site/receive/reception';
import { effectiveLevel, stricter } from '../src/site/receive/receive-level';

/** One 2-s interval; by default a clean, moving picture with clear sound. */
const r = (patch: Partial<Reception> = {}): Reception => ({
  ...noReception,
  seconds: 2,
  silent: false,
  video: true,
  fps: 20,
  kbps: 300,
  videoDelayMs: 60,
  audioDelayMs: 80,
  ...patch,
});
const clean = r();
/** 5 % random loss that RTX repairs: the picture moves, the sound conceals about the loss rate. */
const lossyButFine = r({ videoLossPercent: 0.4, repairedPercent: 5, audioLossPercent: 5, concealedPercent: 4.5 });
/** A weak link's damage: packets lost on the way, most of the video's repaired by RTX. */
const lossy = { repairedPercent: 6, videoLossPercent: 1, audioLossPercent: 6 } as const;
const stalled = r({ ...lossy, fps: 2, freezeSeconds: 1.4 });
const frozenLong = r({ ...lossy, fps: 0, freezeSeconds: 2 });
const brokenSound = r({ ...lossy, audioLossPercent: 18, concealedPercent: 20 });
const drowned = r({ ...lossy, audioLossPercent: 55, concealedPercent: 60, fps: 3 }); // a join's burst into a narrow link
const queuing = r({ videoDelayMs: 900 });
const audioOnlyClean = r({ video: false, fps: 0, kbps: 40 });
const audioOnlyLossy = r({ video: false, fps: 0, kbps: 40, audioLossPercent: 5, concealedPercent: 5 });
const silent: Reception = { ...noReception, seconds: 2 };

const run = (samples: Reception[], from: AdaptationState = initialAdaptation) => samples.reduce((s, x) => adapt(s, x), from);
const times = (n: number, s: Reception) => Array.from({ length: n }, () => s);

describe('judging what the viewer got in one interval', () => {
  it.each([
    ['a clean moving picture', clean, 'full', true, 'clean'],
    ['5 % loss repaired by RTX, sound concealing ~5 %', lossyButFine, 'low', true, 'room'],
    ['a stalled picture', stalled, 'full', true, 'bad'],
    ['a picture frozen all interval', frozenLong, 'low', true, 'bad'],
    ['sound breaking up', brokenSound, 'low', true, 'bad'],
    ['sound drowned', drowned, 'full', true, 'severe'],
    ['video left lossy after retransmission', r({ videoLossPercent: 14 }), 'full', true, 'bad'],
    ['media queuing in the jitter buffer', queuing, 'low', true, 'fair'],
    ['a slow but moving picture', r({ fps: 7 }), 'low', true, 'fair'],
    ['a slide-rate picture on the tiny level', r({ fps: 2 }), 'tiny', true, 'clean'],
    ['no picture while none is expected (sound only)', audioOnlyClean, 'audio', false, 'clean'],
    ['nothing at all arrived', silent, 'full', true, 'unknown'],
    // A CPU-starved machine: everything arrives, the decoder or the playout cannot keep up.
    ['a slow picture over a link that loses nothing (a starved decoder)', r({ fps: 2, freezeSeconds: 1.4 }), 'full', true, 'starved'],
    ['no frame decoded yet while the picture arrives whole (a slow first frame)', r({ fps: 0, kbps: 300 }), 'low', true, 'starved'],
    ['sound concealed with no packet lost (a starved playout)', r({ concealedPercent: 40 }), 'full', true, 'starved'],
    ['the same stall over a link that loses 5 %', r({ ...lossy, fps: 2, freezeSeconds: 1.4 }), 'full', true, 'bad'],
    ['a picture owed that the node no longer forwards, even without loss', r({ video: false, fps: 0, kbps: 40 }), 'low', true, 'bad'],
    ['a little loss, under what counts as damage', r({ fps: 2, repairedPercent: 1, audioLossPercent: 1.5 }), 'full', true, 'starved'],
  ] as const)('%s', (_name, sample, level, videoExpected, verdict) => {
    expect(judge(sample, level, videoExpected)).toBe(verdict);
  });
});

describe('adaptation policy', () => {
  it.each([
    ['a clean link stays full', times(60, clean), 'full'],
    ['a 5 % lossy link whose picture moves is left alone (the old policy fell to sound only)', times(60, lossyButFine), 'full'],
    ['one bad interval is a blip', [stalled, clean, stalled, clean], 'full'],
    ['two stalled intervals step down to the small layer', [stalled, stalled], 'low'],
    ['a stall that persists walks down to the tiny layer, then sound only', times(6, stalled), 'audio'],
    ['a drowned interval steps down at once', [drowned], 'low'],
    ['sound only is the floor', times(10, drowned), 'audio'],
    ['intervals with nothing received change nothing', [stalled, silent, silent, stalled], 'low'],
    ['queuing holds the level and never climbs', [drowned, ...times(60, queuing)], 'low'],
    ['a recovered link is probed after ~10 s', [drowned, ...times(PROBE_AFTER_CLEAN, clean)], 'full'],
    ['a lossy link that copes is probed only after ~60 s', [drowned, ...times(PROBE_AFTER_CLEAN, lossyButFine)], 'low'],
    ['...and then it is', [drowned, ...times(PROBE_AFTER_ROOM, lossyButFine)], 'full'],
    ['from sound only, a recovered link climbs back one level per probe', [drowned, drowned, drowned, ...times(PROBE_AFTER_CLEAN, audioOnlyClean)], 'tiny'],
    [
      'and reaches the full picture within a minute',
      [...times(3, drowned), ...times(PROBE_AFTER_CLEAN, audioOnlyClean), ...times(2 * PROBE_AFTER_CLEAN + 6, clean)],
      'full',
    ],
    ['sound only on a lossy narrow link stays there for a minute', [...times(3, drowned), ...times(29, audioOnlyLossy)], 'audio'],
  ] as const)('%s', (_name, samples, level) => {
    expect(run([...samples]).level).toBe(level);
  });

  it('a probe that hurts ends at its first bad interval, and the next waits twice as long', () => {
    let s = run([drowned, ...times(PROBE_AFTER_CLEAN, clean)]);
    expect(s).toMatchObject({ level: 'full', sinceClimb: 0 });
    s = adapt(s, stalled);
    expect(s).toMatchObject({ level: 'low', backoff: 2 });
    expect(run(times(PROBE_AFTER_CLEAN, clean), s).level).toBe('low');
    expect(run(times(2 * PROBE_AFTER_CLEAN, clean), s).level).toBe('full');
    for (let i = 0; i < 10; i += 1) s = adapt(run(times(PROBE_AFTER_CLEAN * s.backoff, clean), s), stalled);
    expect(s.backoff).toBe(MAX_BACKOFF);
  });

  it('a climb that holds through its probation makes the next probe quick again', () => {
    let s: AdaptationState = { ...startingAt('low'), backoff: 4 };
    s = run(times(4 * PROBE_AFTER_CLEAN, clean), s);
    expect(s.level).toBe('full');
    s = run([...times(20, clean), drowned], s);
    expect(s).toMatchObject({ level: 'low', backoff: 1 });
  });

  it('on a steady lossy link that cannot carry more, it changes at most once a minute', () => {
    // at the small layer the picture copes; the full layer (a probe) stalls it
    let s: AdaptationState = startingAt('low');
    const changes: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const next = adapt(s, s.level === 'full' ? stalled : lossyButFine);
      if (next.level !== s.level) changes.push(i);
      s = next;
    }
    expect(changes.length).toBeGreaterThan(4); // it does keep probing
    for (let i = 2; i < changes.length; i += 2) expect(changes[i]! - changes[i - 2]!).toBeGreaterThanOrEqual(30);
  });

  it('a picture that has not started yet is awaited for its grace, then its absence is a stall', () => {
    // the 64 kbit/s link: sound arrives, the node sends no frame of the tiny layer
    const starved = r({ video: false, fps: 0, kbps: 15, audioLossPercent: 5, concealedPercent: 4 });
    const tiny = startingAt('tiny');
    expect(run(times(PICTURE_GRACE, starved), tiny).level).toBe('tiny');
    expect(run(times(PICTURE_GRACE + BAD_INTERVALS, starved), tiny).level).toBe('audio');
    // meanwhile it never climbs: the link has not shown what it carries
    const waiting = r({ video: false, fps: 0, kbps: 15 });
    expect(run(times(PICTURE_GRACE, waiting), startingAt('low')).room).toBe(0);
  });

  it('a picture that started within its grace is judged as usual, and a manual level change restarts the wait', () => {
    const joining = r({ video: false, fps: 0, kbps: 40 });
    let s = run([...times(PICTURE_GRACE, joining), ...times(20, clean)], startingAt('low'));
    expect(s.level).toBe('full');
    s = run(times(2, frozenLong), awaitPicture(s));
    expect(s.level).toBe('full'); // awaited after the switch, not a stall yet
    expect(run(times(PICTURE_GRACE, frozenLong), s).level).toBe('low');
  });

  describe('a CPU-starved machine (a slow decoder or first keyframe) is told from a weak link', () => {
    /** The picture's packets arrive over a link that loses nothing, no frame decoded yet. */
    const arrivingUndecoded = r({ fps: 0, kbps: 300 });
    /** Nothing of the picture arrives yet (the hall's first keyframe is late), the sound is clean. */
    const notYetSent = r({ video: false, fps: 0, kbps: 40 });
    const starvedDecoder = r({ fps: 2, freezeSeconds: 1.4 });

    it.each([
      ['a first frame that takes 40 s while the picture arrives', [...times(20, arrivingUndecoded), ...times(10, clean)], initialAdaptation, 'full'],
      ['a first keyframe that takes 28 s to be sent', [...times(PICTURE_PATIENCE - 1, notYetSent), ...times(10, clean)], initialAdaptation, 'full'],
      ['a decoder that falls behind after the picture started, for two minutes', [clean, ...times(60, starvedDecoder)], initialAdaptation, 'full'],
      ['sound that breaks up over a lossless link (playout starved)', times(30, r({ concealedPercent: 40 })), initialAdaptation, 'full'],
      // the weak links, for contrast: the same picture with loss steps down as before
      ['a slow first frame over a lossy link: stall after the grace', times(PICTURE_GRACE + BAD_INTERVALS, r({ ...lossy, fps: 0 })), initialAdaptation, 'low'],
      ['a decoder-like stall over a lossy link steps down', [clean, ...times(BAD_INTERVALS, stalled)], initialAdaptation, 'low'],
      ['a lossless link too narrow for any picture falls to sound only after the patience', times(PICTURE_PATIENCE + BAD_INTERVALS, notYetSent), startingAt('tiny'), 'audio'],
    ] as const)('%s', (_name, samples, from, level) => {
      // every level it passes through, so a step down and back up shows
      const seen = new Set<string>();
      let s: AdaptationState = from;
      for (const x of samples as readonly Reception[]) {
        s = adapt(s, x);
        seen.add(s.level);
      }
      expect([...seen].at(-1)).toBe(level);
      if (level === from.level) expect([...seen]).toEqual([level]);
    });

    it('a starved interval holds: it neither counts toward a step down nor leaves room to climb', () => {
      const s = run([stalled, starvedDecoder, stalled], startingAt('low'));
      expect(s).toMatchObject({ level: 'low', bad: 1 });
      expect(run(times(PROBE_AFTER_ROOM, starvedDecoder), { ...startingAt('low'), pictureSeen: true }).level).toBe('low');
    });
  });

  it('a still picture is not a fault while sound only was chosen by hand', () => {
    expect([frozenLong, frozenLong, frozenLong].reduce((s, x) => adapt(s, x, false), initialAdaptation).level).toBe('full');
  });
});

describe('manual switches and adaptation together', () => {
  it.each([
    [{ audioOnly: false, lowBandwidth: false, automatic: true }, 'full', 'full'],
    [{ audioOnly: false, lowBandwidth: false, automatic: true }, 'tiny', 'tiny'],
    [{ audioOnly: false, lowBandwidth: true, automatic: true }, 'full', 'low'],
    [{ audioOnly: false, lowBandwidth: true, automatic: true }, 'tiny', 'tiny'],
    [{ audioOnly: false, lowBandwidth: true, automatic: true }, 'audio', 'audio'],
    [{ audioOnly: true, lowBandwidth: false, automatic: true }, 'tiny', 'audio'],
    [{ audioOnly: true, lowBandwidth: true, automatic: false }, 'full', 'audio'],
    [{ audioOnly: false, lowBandwidth: false, automatic: false }, 'audio', 'full'],
  ] as const)('%o with adaptation at %s receives %s', (switches, adapted, level) => {
    expect(effectiveLevel(switches, adapted)).toBe(level);
  });

  it('stricter is symmetric', () => {
    expect(stricter('full', 'low')).toBe('low');
    expect(stricter('tiny', 'low')).toBe('tiny');
    expect(stricter('audio', 'tiny')).toBe('audio');
  });
});
