/**
 * Slide stills for a site receiving sound only (its operator's switch, or the adaptation on a weak
 * link): the node keeps the presentation's consumer paused, and every few seconds the page resumes
 * it on the small layer until one new frame decodes, then pauses it again. The <video> keeps that
 * frame on screen: a still of the slide, at the cost of about one keyframe of the half-size layer
 * per still instead of a 150 kbit/s stream. Nothing new travels: it rides the consumer the cascade
 * already carries, and the resume makes the node ask upstream for a keyframe.
 *
 * This module is the policy, pure: given where it stands, the time and the frames the consumer has
 * decoded, what to do next.
 */
export const stillTiming = {
  /** Between two stills: a slide stays up for tens of seconds; sound is what a weak link is for. */
  everyMs: 8_000,
  /** A resumed consumer that decodes nothing for this long has missed its keyframe. */
  fetchMs: 3_000,
  /** After a miss, try again this soon (a first still matters: a site that joined on sound only has none). */
  retryMs: 1_000,
  /** Misses in a row after which retries fall back to the normal pace. */
  quickRetries: 3,
} as const;

export type StillPhase =
  /** The consumer is paused; the next still is due at `until`. */
  | { kind: 'waiting'; until: number; misses: number }
  /** The consumer was resumed at `since`, when it had decoded `frames`. */
  | { kind: 'fetching'; since: number; frames: number; misses: number };

/**
 * - resume: the consumer to the small layer, resumed on the node;
 * - pause: a new frame is on screen, pause it again;
 * - renew: no frame came; pause it and consume it afresh, so the node asks for a keyframe anew (a
 *   screen encoder may let a request go). A fresh consumer is a fresh track, and the <video> loses
 *   the still it shows: done only when nothing is shown yet, or on the second miss in a row (the
 *   slide on screen may be stale by then). A single miss with a still on screen just pauses.
 */
export type StillAction = 'resume' | 'pause' | 'renew';

export interface StillStep {
  phase: StillPhase;
  action: StillAction | null;
  /** A new still is on screen. */
  shown: boolean;
}

/**
 * Where a run of stills starts (the level became sound only, or a presentation appeared on it): a
 * consumer that has shown a picture keeps it on screen, so the first still waits its turn; one that
 * never decoded a frame is fetched at once.
 */
export function firstStill(now: number, framesDecoded: number): StillPhase {
  return { kind: 'waiting', until: framesDecoded > 0 ? now + stillTiming.everyMs : now, misses: 0 };
}

export function stillStep(phase: StillPhase, now: number, framesDecoded: number): StillStep {
  if (phase.kind === 'waiting') {
    if (now < phase.until) return { phase, action: null, shown: false };
    return { phase: { kind: 'fetching', since: now, frames: framesDecoded, misses: phase.misses }, action: 'resume', shown: false };
  }
  if (framesDecoded > phase.frames) return { phase: { kind: 'waiting', until: now + stillTiming.everyMs, misses: 0 }, action: 'pause', shown: true };
  if (now - phase.since < stillTiming.fetchMs) return { phase, action: null, shown: false };
  const misses = phase.misses + 1;
  const wait = misses <= stillTiming.quickRetries ? stillTiming.retryMs : stillTiming.everyMs;
  const action = framesDecoded === 0 || misses >= 2 ? 'renew' : 'pause';
  return { phase: { kind: 'waiting', until: now + wait, misses }, action, shown: false };
}
