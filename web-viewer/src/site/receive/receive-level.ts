/**
 * How much of the program a site receives. Ordered from most to least: the full picture, the
 * small simulcast layer ("low bandwidth"), or sound only with the last picture kept on screen.
 */
export const receiveLevels = ['full', 'low', 'audio'] as const;
export type ReceiveLevel = (typeof receiveLevels)[number];

const rank = (level: ReceiveLevel) => receiveLevels.indexOf(level);

/** The more restrictive of two levels (a manual switch and the automatic adaptation). */
export function stricter(a: ReceiveLevel, b: ReceiveLevel): ReceiveLevel {
  return rank(a) >= rank(b) ? a : b;
}

export const lower = (level: ReceiveLevel): ReceiveLevel => receiveLevels[Math.min(rank(level) + 1, receiveLevels.length - 1)]!;
export const higher = (level: ReceiveLevel): ReceiveLevel => receiveLevels[Math.max(rank(level) - 1, 0)]!;

/** The operator's switches on the site page. */
export interface ReceiveSwitches {
  audioOnly: boolean;
  lowBandwidth: boolean;
  /** Let the page lower (and later raise again) the level by itself from measured loss. */
  automatic: boolean;
}

export const defaultSwitches: ReceiveSwitches = { audioOnly: false, lowBandwidth: false, automatic: true };

export const manualLevel = (switches: ReceiveSwitches): ReceiveLevel =>
  switches.audioOnly ? 'audio' : switches.lowBandwidth ? 'low' : 'full';

/** What the node should forward: the switches, made stricter by the adaptation when it is on. */
export function effectiveLevel(switches: ReceiveSwitches, adapted: ReceiveLevel): ReceiveLevel {
  const manual = manualLevel(switches);
  return switches.automatic ? stricter(manual, adapted) : manual;
}

/** mediasoup clamps a preferred layer to what the producer has: 3 means "the highest there is". */
export const spatialLayerFor = (level: Exclude<ReceiveLevel, 'audio'>): number => (level === 'low' ? 0 : 3);
