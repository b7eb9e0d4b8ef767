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
