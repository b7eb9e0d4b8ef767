import { describe, expect, it } from 'vitest';
import { recordedTracks, type ProgramTrack } from '../src/index.js';

const t = (producerId: string, kind: 'audio' | 'video', siteId: string): ProgramTrack => ({ producerId, kind, siteId, siteName: siteId, unitName: 'u' });

describe('recordedTracks', () => {
  it("takes the newest track of each kind: the floor holder's over the hall's", () => {
    const hall = [t('hv', 'video', 'hall'), t('ha', 'audio', 'hall')];
    expect(recordedTracks(hall).map((x) => x.producerId)).toEqual(['hv', 'ha']);
    expect(recordedTracks([...hall, t('sv', 'video', 'site'), t('sa', 'audio', 'site')]).map((x) => x.producerId)).toEqual(['sv', 'sa']);
    expect(recordedTracks([t('ha', 'audio', 'hall')]).map((x) => x.producerId)).toEqual(['ha']);
    expect(recordedTracks([])).toEqual([]);
  });
});
