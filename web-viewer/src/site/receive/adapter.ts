import type { Quality } from '../quality';
import { adapt, type AdaptationState, awaitPicture, initialAdaptation, startingAt } from './adaptation';
import * as legacy from './legacy-adaptation';
import type { Reception } from './reception';
import type { ReceiveLevel } from './receive-level';

/** One 2-s interval as both policies read it: the quality line's summary and what the viewer got. */
export interface LinkSample {
  quality: Quality;
  reception: Reception;
}

/** What the site session knows of the program's picture at the level the node forwards. */
export interface ProgramPicture {
  /** The program has a picture and the level shows one (not sound only). */
  expected: boolean;
  /** A frame was decoded since the level last changed. */
  started: boolean;
}

/** The automatic adaptation as the site session drives it; holds its policy's state. */
export interface Adapter {
  readonly level: ReceiveLevel;
  observe(sample: LinkSample, picture: ProgramPicture): void;
  /** The picture starts anew: the level the node forwards changed, or the program shows another one. */
  pictureChanged(): void;
  /** A new join, or the switch turned off and on: start over at `level`. */
  reset(level: ReceiveLevel): void;
  /** Whether this policy starts gently on a known-weak link (the legacy one never did). */
  readonly gentleStart: boolean;
}

class ViewerAdapter implements Adapter {
  readonly gentleStart = true;
  private state: AdaptationState = initialAdaptation;
  get level() {
    return this.state.level;
  }
  // The policy gives a picture that has not started its own grace (see adaptation.ts).
  observe({ reception }: LinkSample, picture: ProgramPicture) {
    this.state = adapt(this.state, reception, picture.expected);
  }
  pictureChanged() {
    this.state = awaitPicture(this.state);
  }
  reset(level: ReceiveLevel) {
    this.state = startingAt(level);
  }
}

class LegacyAdapter implements Adapter {
  readonly gentleStart = false;
  private state: legacy.AdaptationState = legacy.initialAdaptation;
  get level() {
    return this.state.level;
  }
  // As before issue 19: a picture that never started is never a fault.
  observe({ quality }: LinkSample, picture: ProgramPicture) {
    this.state = legacy.adapt(this.state, quality, picture.expected && picture.started);
  }
  pictureChanged() {}
  reset() {
    this.state = legacy.initialAdaptation;
  }
}

/**
 * The policy for this page: the current one, or with `?adaptation=legacy` in the address the one
 * before issue 19, which `bench:adaptation` runs as its baseline in the same run.
 */
export function adapterFor(search: string): Adapter {
  return new URLSearchParams(search).get('adaptation') === 'legacy' ? new LegacyAdapter() : new ViewerAdapter();
}
