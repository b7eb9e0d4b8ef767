import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioMixArgs } from '../src/ffmpeg/audio-mix.js';
import { locateFfmpeg, type FfmpegBinary } from '../src/ffmpeg/locate.js';

const run = promisify(execFile);

/** The mix through real ffmpeg: two voices at full scale together must not clip; a lone quiet voice keeps its level. */
describe('audio mix (real ffmpeg)', () => {
  let dir: string;
  let ffmpeg: FfmpegBinary;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lienthong-mix-'));
    ffmpeg = await locateFfmpeg(process.env.FFMPEG_PATH);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** One file with two audio streams (as the recorder's SDP input has), mixed with the recorder's own arguments. */
  async function mixedLevels(first: string, second: string): Promise<{ meanDb: number; maxDb: number }> {
    const input = path.join(dir, `in-${Math.random().toString(36).slice(2)}.mka`);
    await run(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', first, '-f', 'lavfi', '-i', second, '-map', '0', '-map', '1', '-c:a', 'pcm_s16le', input]);
    const args = audioMixArgs(2);
    const graph = args[args.indexOf('-filter_complex') + 1]!.replace('[mix]', ',volumedetect[mix]');
    const { stderr } = await run(ffmpeg.path, ['-hide_banner', '-i', input, '-filter_complex', graph, '-map', '[mix]', '-f', 'null', '-']);
    const level = (name: string) => Number(new RegExp(`${name}: (-?[\\d.]+) dB`).exec(stderr)?.[1]);
    return { meanDb: level('mean_volume'), maxDb: level('max_volume') };
  }

  it('holds two loud voices peaking together under full scale instead of clipping', async () => {
    const loud = await mixedLevels('aevalsrc=0.8*sin(2*PI*440*t):d=2', 'aevalsrc=0.8*sin(2*PI*1000*t):d=2');
    expect(loud.maxDb).toBeLessThan(-0.2); // 0.8 + 0.8 would reach 0 dBFS (clipped) without the limiter
  });

  it('keeps a lone quiet voice at its own level (no auto gain, no halving)', async () => {
    const alone = await mixedLevels('aevalsrc=0.06*sin(2*PI*440*t):d=2', 'anullsrc=r=44100:cl=mono:d=2');
    // A 0.06 sine is -27.4 dBFS mean; amix's default normalisation would make it -33.4.
    expect(alone.meanDb).toBeGreaterThan(-28.5);
    expect(alone.meanDb).toBeLessThan(-26.5);
  });
});
