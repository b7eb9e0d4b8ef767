import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/**
 * Runs ffmpeg (or ffprobe) to the end; rejects with its last lines on failure. `nice`: encodes
 * run below the copying recorders, which must never starve.
 */
export function runFfmpeg(binary: string, args: string[], o: { nice?: number; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    if (o.nice && child.pid) {
      try {
        setPriority(child.pid, o.nice);
      } catch {
        // not allowed here: it runs at normal priority
      }
    }
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${binary} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** ffprobe beside the ffmpeg in use (same package or directory), else on PATH. */
export const ffprobeBeside = (ffmpeg: string) => (ffmpeg.includes('/') ? ffmpeg.replace(/ffmpeg([^/]*)$/, 'ffprobe$1') : 'ffprobe');
