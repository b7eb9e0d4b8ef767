import type { Quality } from '../quality';
import type { ReceiveLevel } from './receive-level';

/**
 * The adaptation as it was before it judged what the viewer gets (issue 19): kept only as the
 * baseline `bench:adaptation` measures the current policy against in the same run (a site page
 * opened with `?adaptation=legacy`). It judges raw packet loss, audio and video together, and
 * knows only three levels.
 *
 * Automatic adaptation to a weak downlink, as a pure policy: one measured interval in, the next
 * state out. The media node already picks a lower simulcast layer when its bandwidth estimate
 * drops; this policy reacts to what still goes wrong at the site: sustained packet loss or a
 * picture that no longer moves. It steps down one level at a time (full -> low -> audio) and
 * climbs back only after a long clean stretch, waiting twice as long after each failed climb so a
 * flapping link settles on the level it can carry. The table of cases is in adaptation.test.ts.
 */
export interface AdaptationState {
  level: ReceiveLevel;
  /** consecutive bad intervals at this level */
  bad: number;
  /** consecutive clean intervals at this level */
  good: number;
  /** clean intervals needed before climbing one level */
  climbAfter: number;
  /** intervals since the last climb (a fall soon after one means the climb failed) */
  sinceClimb: number;
}

export const SEVERE_LOSS_PERCENT = 20;
export const BAD_LOSS_PERCENT = 6;
export const CLEAN_LOSS_PERCENT = 1.5;
/** A program video below this frame rate is frozen for a viewer. */
export const FROZEN_FPS = 5;
/** Two bad intervals in a row (about 4 s) before stepping down, unless the loss is severe. */
export const BAD_INTERVALS = 2;
/** About 30 s of clean link before trying a higher level; doubled after each failed try, up to ~8 min. */
export const FIRST_CLIMB_AFTER = 15;
export const MAX_CLIMB_AFTER = 240;
/** A fall within this many intervals of a climb counts as a failed climb. */
const CLIMB_PROBATION = 10;

const ladder: readonly ReceiveLevel[] = ['full', 'low', 'audio'];
const step = (level: ReceiveLevel, by: number) => ladder[Math.min(ladder.length - 1, Math.max(0, ladder.indexOf(level) + by))]!;
const lower = (level: ReceiveLevel) => step(level, 1);
const higher = (level: ReceiveLevel) => step(level, -1);

export const initialAdaptation: AdaptationState = {
  level: 'full',
  bad: 0,
  good: 0,
  climbAfter: FIRST_CLIMB_AFTER,
  sinceClimb: Number.POSITIVE_INFINITY,
};

export type Verdict = 'severe' | 'bad' | 'clean' | 'fair' | 'unknown';

/** One interval judged. `videoExpected`: the node forwards video to us (level is not audio). */
export function judge(sample: Quality, videoExpected: boolean): Verdict {
  if (sample.level === 'none') return 'unknown';
  if (sample.lossPercent >= SEVERE_LOSS_PERCENT) return 'severe';
  const frozen = videoExpected && sample.fps < FROZEN_FPS;
  if (sample.lossPercent >= BAD_LOSS_PERCENT || frozen) return 'bad';
  if (sample.lossPercent < CLEAN_LOSS_PERCENT) return 'clean';
  return 'fair';
}

/** `videoExpected`: whether video should be arriving (not when a manual switch chose sound only). */
export function adapt(state: AdaptationState, sample: Quality, videoExpected = state.level !== 'audio'): AdaptationState {
  const verdict = judge(sample, videoExpected);
  const sinceClimb = state.sinceClimb + 1;
  switch (verdict) {
    case 'unknown':
      return state;
    case 'severe':
    case 'bad': {
      const bad = state.bad + 1;
      if (state.level === 'audio' || (verdict === 'bad' && bad < BAD_INTERVALS)) return { ...state, bad, good: 0, sinceClimb };
      const failedClimb = sinceClimb <= CLIMB_PROBATION;
      return {
        level: lower(state.level),
        bad: 0,
        good: 0,
        climbAfter: failedClimb ? Math.min(MAX_CLIMB_AFTER, state.climbAfter * 2) : state.climbAfter,
        sinceClimb: Number.POSITIVE_INFINITY,
      };
    }
    case 'fair':
      return { ...state, bad: 0, good: 0, sinceClimb };
    case 'clean': {
      const good = state.good + 1;
      if (state.level === 'full' || good < state.climbAfter) return { ...state, bad: 0, good, sinceClimb };
      return { level: higher(state.level), bad: 0, good: 0, climbAfter: state.climbAfter, sinceClimb: 0 };
    }
  }
}
