// No ffmpeg outlives the recorder that started it, however the recorder ends. CI once saw an HLS
// encoder still writing into a recording's folder after its recorder had stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { locateFfmpeg } from '../src/ffmpeg/locate.js';
import { ffprobeBeside, runFfmpeg } from '../src/ffmpeg/run.js';
import { processAlive } from '../src/segments/previous-ffmpeg.js';

const guardModule = fileURLToPath(new URL('../src/ffmpeg/guard.ts', import.meta.url));
/** A minute of encoding: far longer than any wait below. */
const longEncode = ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '60', '-c:v', 'libvpx', '-f', 'null', '-'];

describe('ffmpeg under the guard', () => {
  let dir: string;
  let ffmpeg: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lienthong-guard-'));
    ffmpeg = (await locateFfmpeg(process.env.FFMPEG_PATH)).path;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A process standing in for the recorder: it starts a guarded encode and waits. */
  const startRecorderStandIn = async () => {
    const code = `import { spawnGuarded } from ${JSON.stringify(guardModule)};
spawnGuarded(${JSON.stringify(ffmpeg)}, ${JSON.stringify(longEncode)}, { cwd: ${JSON.stringify(dir)}, stdout: 'ignore', pidFile: 'ffmpeg.pid', nice: 10 });
setInterval(() => undefined, 1000);`;
    await rm(path.join(dir, 'ffmpeg.pid'), { force: true });
    const standIn = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'ignore' });
    const pid = await waitFor('the encoder pid', async () => Number(await readFile(path.join(dir, 'ffmpeg.pid'), 'utf8').catch(() => '')) || undefined, 20_000);
    expect(processAlive(pid)).toBe(true);
    return { standIn, pid };
  };

  it.each(['SIGKILL', 'SIGTERM'] as const)('stops the encoder when the recorder gets %s', async (signal) => {
    const { standIn, pid } = await startRecorderStandIn();
    standIn.kill(signal);
    await waitFor(`the encoder gone after ${signal} to its recorder`, () => (processAlive(pid) ? undefined : true), 10_000);
  });

  it('answers what the command printed, and its last lines when it fails', async () => {
    const probed = await runFfmpeg(ffprobeBeside(ffmpeg), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48', '-show_entries', 'stream=width,height', '-of', 'csv=p=0']);
    expect(probed.trim()).toBe('64,48');
    await expect(runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-i', path.join(dir, 'absent.webm'), '-f', 'null', '-'])).rejects.toThrow(/exited with 1: .*absent\.webm/);
  });
});
