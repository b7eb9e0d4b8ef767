import type { TapTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { hlsSegmentName, masterPlaylist, mediaPlaylist } from '../src/hls/playlist.js';
import { addSegments, newManifest, startPart } from '../src/segments/manifest.js';
import { parseSegmentList } from '../src/segments/segment-list.js';

const video = { kind: 'video', siteId: 'hall', siteName: 'Hall' } as TapTrack;

describe('HLS playlists', () => {
  it('lists every segment with its duration, a discontinuity where a part starts, and ends the VOD', () => {
    let m = newManifest('r', 'c');
    m = addSegments(startPart(m, 'start', [video], new Date()), parseSegmentList('s00000.webm,0,4.2\ns00001.webm,4.2,7.9'));
    m = addSegments(startPart(m, 'program-changed', [video], new Date()), parseSegmentList('s00000.webm,0,3'));
    expect(mediaPlaylist(m)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-TARGETDURATION:5',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXTINF:4.200,',
        'p000-s00000.ts',
        '#EXTINF:3.700,',
        'p000-s00001.ts',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:3.000,',
        'p001-s00000.ts',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('names HLS segments after archive segments and refuses other paths', () => {
    expect(hlsSegmentName('archive/p012/s00345.webm')).toBe('p012-s00345.ts');
    expect(() => hlsSegmentName('../x.webm')).toThrow();
  });

  it('orders the master best first, relative to hls/', () => {
    const master = masterPlaylist([
      { name: 'low', playlist: 'hls/low/index.m3u8', bandwidth: 400_000, width: 480, height: 360, codecs: 'avc1.42e01e,mp4a.40.2' },
      { name: 'source', playlist: 'hls/source/index.m3u8', bandwidth: 1_200_000, width: 1280, height: 720, codecs: 'avc1.42e01f,mp4a.40.2' },
      { name: 'audio', playlist: 'hls/audio/index.m3u8', bandwidth: 70_000, codecs: 'mp4a.40.2' },
    ]);
    expect(master.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=1280x720,CODECS="avc1.42e01f,mp4a.40.2"',
      'source/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=480x360,CODECS="avc1.42e01e,mp4a.40.2"',
      'low/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=70000,CODECS="mp4a.40.2"',
      'audio/index.m3u8',
      '',
    ]);
  });
});
