import type { RecordingManifest, Rendition } from '@lienthong/contracts';
import { allSegments } from '../segments/manifest.js';

/** HLS VOD playlists (RFC 8216) over a recording's segments. */

/** The HLS segment made from an archive segment, named after it: `p000-s00012.ts`. */
export const hlsSegmentName = (archiveFile: string) => {
  const m = /^archive\/(p\d+)\/(s\d+)\.\w+$/.exec(archiveFile);
  if (!m) throw new Error(`not an archive segment path: ${archiveFile}`);
  return `${m[1]}-${m[2]}.ts`;
};

/** One rendition's media playlist over every segment of the manifest. */
export const mediaPlaylist = (m: RecordingManifest) => playlistOf(allSegments(m));

/**
 * A media playlist over these segments in order, a discontinuity where a new part starts (new
 * ffmpeg run: timestamps and maybe codecs parameters restart).
 */
export function playlistOf(segments: { file: string; durationSec: number; part: number }[]): string {
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.durationSec)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-PLAYLIST-TYPE:VOD', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0'];
  let part = segments[0]?.part;
  for (const s of segments) {
    if (s.part !== part) lines.push('#EXT-X-DISCONTINUITY');
    part = s.part;
    lines.push(`#EXTINF:${s.durationSec.toFixed(3)},`, hlsSegmentName(s.file));
  }
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/**
 * The master over the renditions, best first. `playlist` paths are relative to the recording
 * directory and the master lives in `hls/`, so its URIs drop that prefix.
 */
export function masterPlaylist(renditions: Rendition[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3'];
  for (const r of [...renditions].sort((a, b) => b.bandwidth - a.bandwidth)) {
    const resolution = r.width && r.height ? `,RESOLUTION=${r.width}x${r.height}` : '';
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth}${resolution},CODECS="${r.codecs}"`, r.playlist.replace(/^hls\//, ''));
  }
  return `${lines.join('\n')}\n`;
}
