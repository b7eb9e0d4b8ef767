import { describe, expect, it } from 'vitest';
import { defaultSource, maxRecordedAudio, recordedTracks, recorderTapFeatures, tappedTracks, type ProgramTrack } from '../src/index.js';

const t = (producerId: string, kind: 'audio' | 'video', siteId: string, source = defaultSource(kind)): ProgramTrack => ({ producerId, kind, source, siteId, siteName: siteId, unitName: 'u' });
const ids = (program: ProgramTrack[]) => recordedTracks(program).map((x) => x.producerId);

describe('recordedTracks', () => {
  const hall = [t('hv', 'video', 'hall'), t('ha', 'audio', 'hall')];

  it("takes the newest video (the floor holder's over the hall's) and every audio track, hall first", () => {
    expect(ids(hall)).toEqual(['hv', 'ha']);
    expect(ids([...hall, t('sv', 'video', 'site'), t('sa', 'audio', 'site')])).toEqual(['sv', 'ha', 'sa']);
    expect(ids([t('ha', 'audio', 'hall')])).toEqual(['ha']);
    expect(ids([...hall, t('sv', 'video', 'site')])).toEqual(['sv', 'ha']);
    expect(recordedTracks([])).toEqual([]);
  });

  it('takes the presentation as a second video after the speaker, whoever shares the screen', () => {
    expect(ids([...hall, t('hp', 'video', 'hall', 'presentation')])).toEqual(['hv', 'hp', 'ha']);
    expect(ids([...hall, t('sv', 'video', 'site'), t('sp', 'video', 'site', 'presentation'), t('sa', 'audio', 'site')])).toEqual(['sv', 'sp', 'ha', 'sa']);
    // The hall's camera gone (turned off): the slides are still recorded, never as the speaker.
    expect(ids([t('hp', 'video', 'hall', 'presentation'), t('ha', 'audio', 'hall')])).toEqual(['hp', 'ha']);
  });

  it("past the cap keeps the hall's audio and the newest ones", () => {
    const many = Array.from({ length: maxRecordedAudio + 2 }, (_, i) => t(`a${i}`, 'audio', `s${i}`));
    expect(ids([t('hv', 'video', 'hall'), ...many])).toEqual(['hv', 'a0', ...many.slice(1 - maxRecordedAudio).map((x) => x.producerId)]);
    expect(ids(many)).toHaveLength(maxRecordedAudio);
  });
});

describe('tappedTracks and the recorder’s features (a rolling update)', () => {
  const program = [t('hv', 'video', 'hall'), t('hp', 'video', 'hall', 'presentation'), t('ha', 'audio', 'hall')];
  const port = { ip: '127.0.0.1', port: 51002 };

  it.each([
    { recorder: 'before presentations: no port, nothing stated', request: {}, features: [], tracks: ['hv', 'ha'] },
    { recorder: 'the first presentation release: a port, nothing stated', request: { presentation: port }, features: ['presentation'], tracks: ['hv', 'hp', 'ha'] },
    { recorder: 'this release: a port and the feature stated', request: { presentation: port, features: ['presentation' as const] }, features: ['presentation'], tracks: ['hv', 'hp', 'ha'] },
  ])('$recorder', ({ request, features, tracks }) => {
    expect(recorderTapFeatures(request)).toEqual(features);
    expect(tappedTracks(program, recorderTapFeatures(request)).map((x) => x.producerId)).toEqual(tracks);
  });
});
