/**
 * How much of the program a site receives. Ordered from most to least: the full picture, the
 * small simulcast layer ("low bandwidth"), the tiny one (160x90, enough to see who speaks), or
 * sound only with the last picture kept on screen.
 */
export const receiveLevels = ['full', 'low', 'tiny', 'audio'] as const;
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

export interface PreferredLayers {
  spatialLayer: number;
  temporalLayer?: number;
}

/**
 * The layers to ask the node for, given how many simulcast layers the program's video has (the
 * hall sends three: 160x90, 320x180, 640x360; an older hall two). Without a tiny layer, "tiny"
 * becomes the small layer's lowest temporal layer: a quarter of the frames, a slide-rate picture.
 * mediasoup clamps a preferred layer to what the producer has.
 */
export function layersFor(level: Exclude<ReceiveLevel, 'audio'>, spatialLayers: number): PreferredLayers {
  if (level === 'full') return { spatialLayer: 3 };
  if (level === 'low') return { spatialLayer: Math.max(0, spatialLayers - 2) };
  return spatialLayers >= 3 ? { spatialLayer: 0 } : { spatialLayer: 0, temporalLayer: 0 };
}

/** The number of spatial layers in a consumer's scalability mode ('S3T3' -> 3; none: one layer). */
export function spatialLayersOf(scalabilityMode: string | undefined): number {
  const match = /^[LS](\d+)/.exec(scalabilityMode ?? '');
  return match ? Number(match[1]) : 1;
}
