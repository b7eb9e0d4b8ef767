import type { Reception } from './reception';
import { higher, lower, type ReceiveLevel } from './receive-level';

/**
 * Automatic adaptation to a weak downlink, as a pure policy: one 2-s interval of what the viewer
 * got in, the next state out (the table of cases, some of them recorded from Chromium behind the
 * impairment relay, is in adaptation.test.ts).
 *
 * It judges the viewer's experience, not raw packet loss: NACK/RTX repair most lost video and the
 * media node already lowers layers on its own bandwidth estimate, so a 5 % lossy link that plays
 * a moving picture is left alone. It steps down one level (full -> small -> tiny -> sound only)
 * when the picture stalls or the sound breaks up, and climbs back by probing: it tries the next
 * level for a short window and keeps it unless that window goes bad. A link that looks clean
 * (no loss, short buffers) is probed after 10 s, one that merely copes after 60 s; each failed
 * probe doubles the wait, so a steady link settles with at most one change a minute.
 *
 * A picture that has not started yet at a level (a join, a layer switch) is given a grace of a
 * few intervals; past it, a level whose picture never starts is a stall like any other (on a
 * 64 kbit/s link the node starves the tiny layer for good and the site must fall to sound only).
 *
 * Only damage the link shows is the link's: a weak link loses packets (repaired or not) or stops
 * carrying the picture at all. A slow or frozen picture, or broken-up sound, over a link that loses
 * nothing is the machine's (a CPU-starved decoder, a hall slow to send its first keyframe): a lower
 * level would not help it, so the policy holds (verdict 'starved') instead of stepping down. A
 * picture awaited over such a link gets a longer patience before its absence counts.
 */
export interface AdaptationState {
  level: ReceiveLevel;
  /** consecutive bad intervals */
  bad: number;
  /** consecutive intervals that leave room to climb, and how many of them were clean */
  room: number;
  clean: number;
  /** multiplier of the probe waits, doubled by each failed probe (1, 2, 4, ...) */
  backoff: number;
  /** intervals since the last climb (a probe); infinite when none is on probation */
  sinceClimb: number;
  /** a frame was decoded at this level; until then, how many intervals it has been awaited */
  pictureSeen: boolean;
  unseen: number;
}

export const initialAdaptation: AdaptationState = {
  level: 'full',
  bad: 0,
  room: 0,
  clean: 0,
  backoff: 1,
  sinceClimb: Number.POSITIVE_INFINITY,
  pictureSeen: false,
  unseen: 0,
};

/** A join that starts below the full picture (a site known to be weak). */
export const startingAt = (level: ReceiveLevel): AdaptationState => ({ ...initialAdaptation, level });

export const thresholds = {
  /** Below this, a picture that should move is stalled (the tiny layer may run at a slide rate). */
  stalledFps: 5,
  stalledTinyFps: 1.5,
  /** Seconds of freeze within one interval that count as a stall. */
  freezeSeconds: 1,
  /** Video loss left after retransmission: RTX is losing the race. */
  residualLossPercent: 10,
  /**
   * Concealed sound. Random loss conceals about its own rate (5 % loss, ~5 %) and stepping the
   * video down would not help it; a congested link conceals in bursts, far above.
   */
  brokenSoundPercent: 15,
  /** One interval this bad steps down at once (the picture alone cannot explain it). */
  severeSoundPercent: 35,
  /** A picture that keeps moving at this rate, without freezes, leaves room to climb. */
  roomFps: 10,
  /** Jitter-buffer delays above these mean packets queue somewhere: no room. */
  roomVideoDelayMs: 500,
  roomAudioDelayMs: 300,
  /**
   * Packets lost on the way (video before retransmission, or audio), in %: below this the link
   * delivers everything and a picture or sound that suffers is the machine's, not the link's.
   */
  linkLossPercent: 2,
  /** A clean interval: the link shows no damage at all. */
  cleanLossPercent: 1,
  cleanConcealedPercent: 1.5,
} as const;

/** Two bad intervals in a row (about 4 s) before stepping down, unless one is severe. */
export const BAD_INTERVALS = 2;
/** Clean intervals before probing the next level (a recovered link: ~10 s). */
export const PROBE_AFTER_CLEAN = 5;
/** Intervals with room (but some loss) before probing (~60 s): a steady link changes at most once a minute. */
export const PROBE_AFTER_ROOM = 30;
/** The probe window: a single bad interval in it ends the probe. */
export const PROBE_WINDOW = 3;
/** A fall this soon after a climb (~30 s) is a failed probe: the next one waits twice as long. */
export const PROBATION = 15;
export const MAX_BACKOFF = 8;
/** Intervals (~8 s) a level's picture may take to start over a lossy link before its absence counts as a stall. */
export const PICTURE_GRACE = 4;
/**
 * Intervals (~30 s) a picture may take to start over a link that loses nothing: on a CPU-starved
 * machine the hall's first keyframe and the site's first decoded frame can take well past the
 * grace, while a link too narrow for any picture (the node forwards none) shows no loss either.
 */
export const PICTURE_PATIENCE = 15;

/**
 * 'starved': the picture or the sound suffers while the link loses nothing (the machine, not the
 * link: hold, neither step down nor climb).
 */
export type Verdict = 'severe' | 'bad' | 'starved' | 'room' | 'clean' | 'fair' | 'unknown';

/** Packets went missing on the way this interval (video counted before its repair by RTX). */
export const linkLoses = (r: Reception): boolean =>
  Math.max(r.audioLossPercent, r.videoLossPercent + r.repairedPercent) >= thresholds.linkLossPercent;

/** One interval judged at a level. `videoExpected`: the node should be forwarding a moving picture. */
export function judge(r: Reception, level: ReceiveLevel, videoExpected: boolean): Verdict {
  if (r.silent) return 'unknown';
  const t = thresholds;
  const minFps = level === 'tiny' ? t.stalledTinyFps : t.stalledFps;
  const stalled = videoExpected && (r.fps < minFps || r.freezeSeconds >= t.freezeSeconds || r.videoLossPercent >= t.residualLossPercent);
  if (stalled || r.concealedPercent >= t.brokenSoundPercent) {
    // A picture owed that does not arrive at all is the node's answer to a link it finds too narrow.
    const linkAtFault = linkLoses(r) || (videoExpected && !r.video);
    if (!linkAtFault) return 'starved';
    return r.concealedPercent >= t.severeSoundPercent ? 'severe' : 'bad';
  }
  const pictureMoves = !videoExpected || (r.fps >= (level === 'tiny' ? minFps : t.roomFps) && r.freezeSeconds === 0);
  const shortBuffers = r.videoDelayMs < t.roomVideoDelayMs && r.audioDelayMs < t.roomAudioDelayMs;
  if (!pictureMoves || !shortBuffers) return 'fair';
  const clean = r.videoLossPercent < t.cleanLossPercent && r.audioLossPercent < t.cleanLossPercent && r.concealedPercent < t.cleanConcealedPercent;
  return clean ? 'clean' : 'room';
}

/** A new level: its picture has yet to start. */
const atLevel = (level: ReceiveLevel, backoff: number, sinceClimb: number): AdaptationState => ({
  level,
  bad: 0,
  room: 0,
  clean: 0,
  backoff,
  sinceClimb,
  pictureSeen: false,
  unseen: 0,
});

/** The picture starts anew by other means (a manual switch, another speaker's picture): awaited again. */
export const awaitPicture = (state: AdaptationState): AdaptationState => ({ ...state, pictureSeen: false, unseen: 0 });

/**
 * `programVideo`: the program has a picture and this level should show it (not sound only, by
 * hand or by the policy). Whether a picture is owed yet is the policy's own call (the grace).
 */
export function adapt(state: AdaptationState, r: Reception, programVideo = state.level !== 'audio'): AdaptationState {
  if (r.silent) return state;
  const pictureSeen = state.pictureSeen || r.fps > 0;
  const unseen = pictureSeen ? 0 : state.unseen + 1;
  const videoExpected = programVideo && (pictureSeen || unseen > (linkLoses(r) ? PICTURE_GRACE : PICTURE_PATIENCE));
  const verdict = judge(r, state.level, videoExpected);
  const sinceClimb = state.sinceClimb + 1;
  // A climb that held through its probation was right: the next probe need not wait longer.
  const backoff = sinceClimb === PROBATION ? 1 : state.backoff;
  const kept = { pictureSeen, unseen, backoff, sinceClimb };

  if (verdict === 'severe' || verdict === 'bad') {
    const bad = state.bad + 1;
    // A probe that hurts ends at once; otherwise one bad interval may be a blip.
    const stepDown = sinceClimb <= PROBE_WINDOW || verdict === 'severe' || bad >= BAD_INTERVALS;
    if (!stepDown || state.level === 'audio') return { ...state, ...kept, bad, room: 0, clean: 0 };
    const failedClimb = sinceClimb <= PROBATION;
    return atLevel(lower(state.level), failedClimb ? Math.min(MAX_BACKOFF, state.backoff * 2) : backoff, Number.POSITIVE_INFINITY);
  }

  // A picture still awaited leaves no room to climb: the link has not shown what it carries.
  const awaited = programVideo && !pictureSeen;
  if (verdict === 'fair' || verdict === 'starved' || awaited || state.level === 'full') return { ...state, ...kept, bad: 0, room: 0, clean: 0 };
  const room = state.room + 1;
  const clean = verdict === 'clean' ? state.clean + 1 : 0;
  const ready = clean >= PROBE_AFTER_CLEAN * backoff || room >= PROBE_AFTER_ROOM * backoff;
  if (!ready) return { ...state, ...kept, bad: 0, room, clean };
  return atLevel(higher(state.level), backoff, 0);
}
