import type { PresentationSpan, RecordedPresentation, RecordingManifest } from '@lienthong/contracts';
import { segmentInputs, type RenditionPackager } from './packager.js';
import type { SegmentInput } from './renditions.js';

/**
 * The shared screen's timeline: its playlist holds only the segments recorded while a screen was
 * shared, laid end to end; the spans say where each shared stretch sits on the recording's
 * timeline, so a player shows the slides beside the speaker at the right moment.
 */

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The segments holding a presentation, each placed on the presentation's own timeline. */
export function presentationInputs(m: RecordingManifest): SegmentInput[] {
  let at = 0;
  return segmentInputs(m)
    .filter((s) => s.presentationStream !== null)
    .map((s) => {
      const placed = { ...s, startSec: round(at) };
      at += s.durationSec;
      return placed;
    });
}

/** The shared stretches of the recording: consecutive segments with a presentation make one. */
export function presentationSpans(m: RecordingManifest): PresentationSpan[] {
  const spans: PresentationSpan[] = [];
  let at = 0;
  let previous: SegmentInput | null = null;
  for (const s of segmentInputs(m)) {
    if (s.presentationStream === null) {
      previous = null;
      continue;
    }
    const last = spans.at(-1);
    if (previous && last) last.durationSec = round(last.durationSec + s.durationSec);
    else spans.push({ startSec: s.startSec, durationSec: s.durationSec, atSec: round(at) });
    at += s.durationSec;
    previous = s;
  }
  return spans;
}

/** The presentation's entry in the manifest, once its packager has made every segment. */
export async function recordedPresentation(slides: RenditionPackager<'presentation'>, m: RecordingManifest): Promise<RecordedPresentation> {
  const { playlist, width, height, codecs } = await slides.finish(m);
  return { playlist, ...(width && height ? { width, height } : {}), codecs, spans: presentationSpans(m) };
}
