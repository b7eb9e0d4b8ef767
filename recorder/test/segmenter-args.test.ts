import { describe, expect, it } from 'vitest';
import { segmenterArgs } from '../src/ffmpeg/segmenter.js';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('segmenter arguments', () => {
  it('copies everything with one audio track (copy mode: nothing re-encoded)', () => {
    const args = segmenterArgs({ extension: 'webm', segmentSeconds: 4, audioStreams: 1 });
    expect(args.join(' ')).toContain('-map 0 -c copy -f segment -segment_time 4 -segment_format webm');
    expect(args).not.toContain('-filter_complex');
  });

  it('mixes two audio tracks by time into one Opus stream at full level, the video still copied', () => {
    const args = segmenterArgs({ extension: 'webm', segmentSeconds: 4, audioStreams: 2 });
    expect(after(args, '-filter_complex')).toBe(
      '[0:a:0]aresample=async=1:first_pts=0[a0];[0:a:1]aresample=async=1:first_pts=0[a1];[a0][a1]amix=inputs=2:normalize=0:dropout_transition=0.5,alimiter=limit=0.95:level=disabled:latency=enabled[mix]',
    );
    expect(args.join(' ')).toContain('-map 0:v? -c:v copy -map [mix] -c:a libopus -b:a 64k -ar 48000 -ac 2 -application voip -f segment');
    expect(args.at(-1)).toBe('s%05d.webm');
  });

  it('takes every audio input up to the cap', () => {
    expect(after(segmenterArgs({ extension: 'mkv', segmentSeconds: 4, audioStreams: 4 }), '-filter_complex')).toContain('[a0][a1][a2][a3]amix=inputs=4:');
  });
});
