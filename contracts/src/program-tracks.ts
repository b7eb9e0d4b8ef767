import type { MediaKind } from './media.js';
import type { ProgramTrack, TrackSource } from './site-signaling.js';

/**
 * How the program's tracks are told apart, in one place for the control plane, the recorder and
 * the browser: the speaker's picture is a camera, the presentation a video of its own.
 */

/** The kind a source is sent as. */
export const kindOfSource = (source: TrackSource): MediaKind => (source === 'microphone' ? 'audio' : 'video');

/** What a track is when nothing says otherwise: a site's camera or microphone. */
export const defaultSource = (kind: MediaKind): TrackSource => (kind === 'audio' ? 'microphone' : 'camera');

export const isPresentation = (track: Pick<ProgramTrack, 'source'>): boolean => track.source === 'presentation';

/** The program's speaker pictures (cameras), in program order: the hall's first, the floor holder's after it. */
export const cameraTracks = (program: readonly ProgramTrack[]): ProgramTrack[] => program.filter((t) => t.source === 'camera');

/** The presentation in the program, if one is shared (the room keeps at most one). */
export const presentationTrack = (program: readonly ProgramTrack[]): ProgramTrack | null => program.find(isPresentation) ?? null;

export interface ProgramViewer {
  siteId: string;
  /**
   * The hall watches its own picture come back through the media nodes (a confidence return of
   * what every site gets) until a floor holder's replaces it; other sites never see themselves.
   */
  seesOwnVideo: boolean;
}

/**
 * What a site receives of the program (its browser consumes these; a join that opens its media
 * at once consumes the same on the server): every audio track but its own (no echo), one camera, the
 * last in program order it may see (the floor holder's comes after the hall's), and the
 * presentation, under the same rule. A floor holder thus sees the hall, and nobody pays for a
 * video it does not show.
 */
export function receivedTracks(program: readonly ProgramTrack[], self: ProgramViewer): ProgramTrack[] {
  const own = (t: ProgramTrack) => t.siteId === self.siteId;
  const seen = (t: ProgramTrack | null | undefined) => (t && (self.seesOwnVideo || !own(t)) ? t : null);
  const video = cameraTracks(program).filter((t) => seen(t)).at(-1);
  const presentation = seen(presentationTrack(program));
  return program.filter((t) => (t.kind === 'audio' && !own(t)) || t === video || t === presentation);
}
