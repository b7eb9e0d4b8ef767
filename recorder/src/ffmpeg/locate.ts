import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FfmpegBinary {
  path: string;
  version: string;
  source: 'ffmpeg-static' | 'FFMPEG_PATH' | 'PATH';
}

/** ffmpeg-static's binary when its (optional) install succeeded, else FFMPEG_PATH, else `ffmpeg` on PATH. */
export async function locateFfmpeg(ffmpegPathEnv?: string): Promise<FfmpegBinary> {
  const candidates: { path: string; source: FfmpegBinary['source'] }[] = [];
  try {
    const staticPath = createRequire(import.meta.url)('ffmpeg-static') as string | null;
    if (staticPath && existsSync(staticPath)) candidates.push({ path: staticPath, source: 'ffmpeg-static' });
  } catch {
    // not installed: it is optional (its install downloads from the internet)
  }
  if (ffmpegPathEnv) candidates.push({ path: ffmpegPathEnv, source: 'FFMPEG_PATH' });
  candidates.push({ path: 'ffmpeg', source: 'PATH' });

  const tried: string[] = [];
  for (const c of candidates) {
    try {
      const { stdout } = await run(c.path, ['-hide_banner', '-version'], { timeout: 10_000 });
      const version = /ffmpeg version (\S+)/.exec(stdout)?.[1] ?? 'unknown';
      return { ...c, version };
    } catch (err) {
      tried.push(`${c.path} (${c.source}): ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no working ffmpeg found; tried ${tried.join('; ')}. Install Debian's ffmpeg or set FFMPEG_PATH`);
}
