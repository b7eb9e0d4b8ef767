import type { Quality } from '../quality';
import { adapt, type AdaptationState, initialAdaptation, startingAt } from './adaptation';
import * as legacy from './legacy-adaptation';
import type { Reception } from './reception';
import type { ReceiveLevel } from './receive-level';

/** One 2-s interval as both policies read it: the quality line's summary and what the viewer got. */
export interface LinkSample {
  quality: Quality;
  reception: Reception;
}

/** The automatic adaptation as the site session drives it; holds its policy's state. */
export interface Adapter {
  readonly level: ReceiveLevel;
  observe(sample: LinkSample, videoExpected: boolean): void;
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
  observe({ reception }: LinkSample, videoExpected: boolean) {
    this.state = adapt(this.state, reception, videoExpected);
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
  observe({ quality }: LinkSample, videoExpected: boolean) {
    this.state = legacy.adapt(this.state, quality, videoExpected);
  }
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
