import { recordingManifestSchema, type TapTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { addSegments, endPart, newManifest, startPart } from '../src/segments/manifest.js';
import { parseSegmentList } from '../src/segments/segment-list.js';

const track = (kind: 'audio' | 'video', siteName = 'Hội trường'): TapTrack => ({
  kind,
  producerId: `p-${kind}`,
  consumerId: `c-${kind}`,
  siteId: 'hall',
  siteName,
  port: 50000,
  codec: { mimeType: kind === 'video' ? 'video/VP8' : 'audio/opus', clockRate: 90000, payloadType: 101, parameters: {} },
  ssrc: 1,
});
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 1, 0, s));

describe("ffmpeg's segment list", () => {
  it('reads finished segments and skips a line being written or empty segments', () => {
    expect(parseSegmentList('s00000.webm,0.000000,4.134000\ns00001.webm,4.133000,8.2\ns00002.webm,8.2,8.2\ns0000')).toEqual([
      { file: 's00000.webm', startSec: 0, endSec: 4.134 },
      { file: 's00001.webm', startSec: 4.133, endSec: 8.2 },
    ]);
  });
});

describe('manifest updates', () => {
  it('lays segments end to end across parts on the playback timeline, each listed once', () => {
    let m = newManifest('rec-1', 'conf-1');
    m = startPart(m, 'start', [track('video'), track('audio')], at(0));
    const first = parseSegmentList('s00000.webm,0,4.1\ns00001.webm,4.1,8.0\n');
    m = addSegments(m, first);
    expect(addSegments(m, first)).toBe(m);
    m = addSegments(m, parseSegmentList('s00000.webm,0,4.1\ns00001.webm,4.1,8.0\ns00002.webm,8.0,9.5\n'));
    m = endPart(m, at(10));
    m = startPart(m, 'resumed-after-crash', [track('video')], at(15));
    m = addSegments(m, parseSegmentList('s00000.webm,0.02,4.02\n'));

    expect(recordingManifestSchema.parse(m)).toEqual(m);
    expect(m.parts.map((p) => p.segments.map((s) => [s.file, s.startSec, s.durationSec]))).toEqual([
      [
        ['archive/p000/s00000.webm', 0, 4.1],
        ['archive/p000/s00001.webm', 4.1, 3.9],
        ['archive/p000/s00002.webm', 8, 1.5],
      ],
      [['archive/p001/s00000.webm', 9.5, 4]],
    ]);
    expect(m.durationSec).toBe(13.5);
    expect(m.parts.map((p) => [p.reason, p.endedAt])).toEqual([
      ['start', at(10).toISOString()],
      ['resumed-after-crash', null],
    ]);
    expect(m.parts[1]!.program).toEqual([{ siteId: 'hall', siteName: 'Hội trường', kind: 'video' }]);
  });

  it('refuses segments without a part', () => {
    expect(() => addSegments(newManifest('r', 'c'), [{ file: 'a.webm', startSec: 0, endSec: 1 }])).toThrow();
  });
});
