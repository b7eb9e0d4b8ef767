import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * RMS level (dBFS) of a media file's audio in a narrow band (50 Hz wide) around `hz`: how loud a
 * test tone of that frequency is in it. A 48 kbit/s Opus tone comes out near -24 dB; a tone that
 * is not there, below -45 dB (the codec's noise). Throws when the file has no audio.
 */
export async function toneLevelDb(file: string, hz: number): Promise<number> {
  const { stderr } = await run(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', `bandpass=f=${hz}:width_type=h:w=50,astats=measure_perchannel=none:measure_overall=RMS_level`, '-f', 'null', '-'],
    { timeout: 60_000 },
  );
  // '-nan': an audio stream without a sample (as when a mix held its audio back).
  const level = /RMS level dB: (\S+)/.exec(stderr)?.[1];
  if (level === '-inf') return -Infinity;
  if (level === undefined || Number.isNaN(Number(level))) throw new Error(`no audio in ${file}: ${stderr.slice(-300)}`);
  return Number(level);
}
