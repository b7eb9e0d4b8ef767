import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sayBye } from '../ffmpeg/segmenter.js';
import { sleep } from '../job/context.js';

/**
 * A recorder killed on this host leaves its ffmpeg closing the segment it was writing (its guard
 * saw the pipe close). Before reading that part's list, wait (bounded) for it to finish, so the
 * segment is kept. On another host the pid means nothing: at worst this waits `maxMs` (and says
 * BYE to ports nobody listens on).
 */
export async function waitForPreviousFfmpeg(partDirPath: string, rtpIp: string, maxMs = 12_000): Promise<void> {
  const pid = Number(await readFile(path.join(partDirPath, 'ffmpeg.pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  // Its tap closed with the dead recorder's connection: no packet will wake it, a BYE does, where
  // its SDP says it listens (loopback behind a mixing part's relay).
  const sdp = await readFile(path.join(partDirPath, 'session.sdp'), 'utf8').catch(() => '');
  const ip = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1] ?? rtpIp;
  await sayBye(ip, [...sdp.matchAll(/^m=\w+ (\d+) /gm)].map((m) => Number(m[1]))).catch(() => undefined);
  const deadline = Date.now() + maxMs;
  // The standby records nothing until this ends: look often.
  while (Date.now() < deadline && processAlive(pid)) await sleep(50);
}

/** Whether a process of this pid is running on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
