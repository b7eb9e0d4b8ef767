import { defaultSource, kindOfSource, LienthongError, presentationTrack, type MediaKind, type ProgramTrack, type SiteLabel, type TrackSource } from '@lienthong/contracts';

/**
 * The rules of a shared screen in a room, apart from the media: what a produced track is, who may
 * present, and who presents now. A presentation is a second video of the program: only a site in
 * the program (the hall, or the floor holder) sends one, and one at a time, so every site shows
 * the same slides next to the speaker.
 */

/** The source of a track a site produces; a source sent as the wrong kind is refused. */
export function sourceOfProduced(kind: MediaKind, source: TrackSource | undefined): TrackSource {
  if (!source) return defaultSource(kind);
  if (kindOfSource(source) !== kind) throw new LienthongError('BAD_REQUEST', `A ${source} is sent as ${kindOfSource(source)}, not ${kind}`);
  return source;
}

/** Refuses a presentation from a site outside the program, or while another site presents. */
export function checkPresenter(siteId: string, inProgram: boolean, program: readonly ProgramTrack[]): void {
  if (!inProgram) throw new LienthongError('FORBIDDEN', 'Only the hall or the floor holder shares a screen');
  const current = presentationTrack(program);
  if (current && current.siteId !== siteId) throw new LienthongError('CONFLICT', `${current.siteName} is presenting`);
}

/** Who presents now, for the consoles (null: nobody). */
export function presenterOf(program: readonly ProgramTrack[]): SiteLabel | null {
  const track = presentationTrack(program);
  return track ? { siteId: track.siteId, siteName: track.siteName, unitName: track.unitName } : null;
}
