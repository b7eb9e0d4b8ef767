import { describe, expect, it } from 'vitest';
import {
  cameraTracks,
  defaultSource,
  kindOfSource,
  presentationTrack,
  programTrackSchema,
  siteRequests,
  stageSchema,
  trackSourceSchema,
  type ProgramTrack,
} from '../src/index.js';

const track = (producerId: string, source: ProgramTrack['source'], siteId = 'hall'): ProgramTrack => ({
  producerId,
  kind: kindOfSource(source),
  source,
  siteId,
  siteName: siteId,
  unitName: 'Trung ương',
});

describe('a program with a presentation', () => {
  const program = [track('hv', 'camera'), track('ha', 'microphone'), track('hp', 'presentation'), track('fv', 'camera', 'floor')];

  it('tells the speaker pictures from the presentation', () => {
    expect(cameraTracks(program).map((t) => t.producerId)).toEqual(['hv', 'fv']);
    expect(presentationTrack(program)?.producerId).toBe('hp');
    expect(presentationTrack(program.filter((t) => t.source !== 'presentation'))).toBeNull();
  });

  it('sends a source as its kind, and a bare kind as the device', () => {
    expect(trackSourceSchema.options.map(kindOfSource)).toEqual(['video', 'audio', 'video']);
    expect([defaultSource('video'), defaultSource('audio')]).toEqual(['camera', 'microphone']);
  });

  it('carries the source on the wire, and refuses a track without one or with another', () => {
    expect(programTrackSchema.parse(program[2])).toEqual(program[2]);
    const { source: _source, ...bare } = program[2]!;
    expect(programTrackSchema.safeParse(bare).success).toBe(false);
    expect(programTrackSchema.safeParse({ ...bare, source: 'screen' }).success).toBe(false);
  });

  it('lets a site produce a presentation and stop it', () => {
    const produce = siteRequests.produce.request;
    const base = { transportId: 't', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }] } };
    expect(produce.parse({ ...base, source: 'presentation' }).source).toBe('presentation');
    expect(produce.parse(base).source).toBeUndefined();
    expect(produce.safeParse({ ...base, source: 'slides' }).success).toBe(false);
    expect(siteRequests.stopProducing.request.safeParse({}).success).toBe(false);
  });

  it('shows the console who presents, and nobody', () => {
    const stage = { floor: null, hands: [], muted: [], presentation: { siteId: 'hall', siteName: 'Hội trường', unitName: 'Trung ương' } };
    expect(stageSchema.parse(stage).presentation?.siteId).toBe('hall');
    expect(stageSchema.parse({ ...stage, presentation: null }).presentation).toBeNull();
    expect(stageSchema.safeParse({ floor: null, hands: [], muted: [] }).success).toBe(false);
  });
});
