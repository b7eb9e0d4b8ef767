import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sleep } from '../job/context.js';

/**
 * A recorder killed on this host leaves its ffmpeg closing the segment it was writing (its guard
 * saw the pipe close). Before reading that part's list, wait (bounded) for it to finish, so the
 * segment is kept. On another host the pid means nothing: at worst this waits `maxMs`.
 */
export async function waitForPreviousFfmpeg(partDirPath: string, maxMs = 12_000): Promise<void> {
  const pid = Number(await readFile(path.join(partDirPath, 'ffmpeg.pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return;
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && alive(pid)) await sleep(200);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
