import type { Rendition } from '@lienthong/contracts';

/**
 * What each HLS rendition is (recording-format.md): H.264 baseline + AAC-LC in MPEG-TS, the only
 * combination hls.js plays in every browser, made from the VP8/Opus archive segments.
 */
export interface RenditionSpec<N extends string = Rendition['name'] | 'presentation'> {
  name: N;
  codecs: string;
  video: { maxHeight: number; level: string; rate: string[] } | null;
  /** null: no audio (the presentation is a picture only) */
  audioKbps: number | null;
}

export const renditionSpecs: { [N in Rendition['name']]: RenditionSpec<N> } = {
  source: { name: 'source', codecs: 'avc1.42e01f,mp4a.40.2', video: { maxHeight: 720, level: '3.1', rate: ['-crf', '23', '-maxrate', '2500k', '-bufsize', '5000k'] }, audioKbps: 96 },
  low: { name: 'low', codecs: 'avc1.42e01e,mp4a.40.2', video: { maxHeight: 360, level: '3.0', rate: ['-b:v', '300k', '-maxrate', '350k', '-bufsize', '600k'] }, audioKbps: 64 },
  audio: { name: 'audio', codecs: 'mp4a.40.2', video: null, audioKbps: 64 },
};

/**
 * The shared screen: its own video-only playlist beside the program's. Slides are text at a low
 * frame rate: full 720p kept sharp, a bitrate ceiling that a still page never reaches.
 */
export const presentationSpec: RenditionSpec<'presentation'> = {
  name: 'presentation',
  codecs: 'avc1.42e01f',
  video: { maxHeight: 720, level: '3.1', rate: ['-crf', '25', '-maxrate', '1000k', '-bufsize', '2000k'] },
  audioKbps: null,
};

export interface SegmentInput {
  /** archive segment, relative to the recording directory */
  file: string;
  startSec: number;
  durationSec: number;
  /** the part it belongs to (a discontinuity in a playlist where it changes) */
  part: number;
  /** a speaker's picture (camera) */
  hasVideo: boolean;
  hasAudio: boolean;
  /** the archive's video stream holding the shared screen (after the camera's), or null */
  presentationStream: number | null;
}

/**
 * ffmpeg arguments turning one archive segment into one HLS segment of `spec`, placed at its
 * playback time (`-output_ts_offset`) so the segments play on as one timeline. A part without
 * audio (or video) gets silence (or black) so every segment of a rendition has the same streams.
 */
export function transcodeArgs(spec: RenditionSpec, s: SegmentInput, output: string): string[] {
  // A tap that starts mid-stream records frames before the first keyframe, undecodable; a screen
  // encoder may let keyframe requests go for seconds. ffmpeg skips them and encodes the rest, but
  // answers exit code 69 once more than 2/3 of the decoded frames failed (`-max_error_rate`):
  // that must not fail the recording.
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-max_error_rate', '1', '-y', '-i', s.file];
  const duration = s.durationSec.toFixed(3);
  const presentation = spec.name === 'presentation';
  if (presentation && s.presentationStream === null) throw new Error(`${s.file} holds no presentation`);
  let next = 1;
  const withAudio = spec.audioKbps !== null;
  const audioFrom = s.hasAudio ? '0:a:0' : `${next++}:a:0`;
  if (withAudio && !s.hasAudio) args.push('-f', 'lavfi', '-t', duration, '-i', 'anullsrc=r=48000:cl=stereo');
  if (spec.video) {
    const own = presentation ? `0:v:${s.presentationStream}` : s.hasVideo ? '0:v:0' : null;
    const videoFrom = own ?? `${next++}:v:0`;
    if (!own) args.push('-f', 'lavfi', '-t', duration, '-i', 'color=c=black:s=640x360:r=15');
    args.push('-map', videoFrom);
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-level:v', spec.video.level, '-pix_fmt', 'yuv420p');
    args.push('-vf', `scale=-2:'min(ih,${spec.video.maxHeight})'`, ...spec.video.rate);
  }
  if (withAudio) args.push('-map', audioFrom, '-c:a', 'aac', '-b:a', `${spec.audioKbps}k`, '-ar', '48000', '-ac', '2');
  args.push('-t', duration, '-output_ts_offset', s.startSec.toFixed(3), '-muxdelay', '0', '-muxpreload', '0', '-f', 'mpegts', output);
  return args;
}

/** A poster frame from a segment, 360 lines high: the speaker (the first video; ffmpeg alone would pick the larger slides). */
export const posterArgs = (segment: string, atSec: number, output: string) => [
  ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-ss', atSec.toFixed(3), '-i', segment],
  ...['-map', '0:v:0', '-frames:v', '1', '-vf', "scale=-2:'min(ih,360)'", '-q:v', '4', '-f', 'image2', output],
];
