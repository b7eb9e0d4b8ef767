import { spawnGuarded } from './guard.js';

/**
 * Runs ffmpeg (or ffprobe) to the end; rejects with its last lines on failure. Guarded: it never
 * outlives the recorder. `nice`: encodes run below the copying recorders, which must never starve.
 */
export function runFfmpeg(binary: string, args: string[], o: { nice?: number; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnGuarded(binary, args, { cwd: o.cwd, stdout: 'pipe', nice: o.nice });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    child.once('error', reject);
    // 'close', not 'exit': the answer on stdout is all read by then.
    child.once('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${binary} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** ffprobe beside the ffmpeg in use (same package or directory), else on PATH. */
export const ffprobeBeside = (ffmpeg: string) => (ffmpeg.includes('/') ? ffmpeg.replace(/ffmpeg([^/]*)$/, 'ffprobe$1') : 'ffprobe');
