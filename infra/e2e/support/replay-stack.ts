// A stack for the replay pages' browser tests: a scratch stack without media nodes (replay needs
// none), one fixture recording of the demo conference assigned to a member for study, the
// database and a headless Chromium; `stop()` undoes it all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Database } from '../../../control-plane/src/db/database.js';
import { launchChromium } from './browser.js';
import { startScratchStack } from './scratch-stack.js';
import { studiedRecording } from './study-fixture.js';

export interface ReplayStack {
  stack: Awaited<ReturnType<typeof startScratchStack>>;
  db: Database;
  browser: Browser;
  recordingId: string;
  stop(): Promise<void>;
}

export async function startReplayStack(o: {
  port: number;
  durationSec: number;
  member: { username: string; password: string; displayName: string };
  controlPlaneEnv?: Record<string, string>;
}): Promise<ReplayStack> {
  const recordingsDir = await mkdtemp(path.join(tmpdir(), 'lienthong-replay-e2e-'));
  const stack = await startScratchStack([], { port: o.port, recordingsDir, controlPlaneEnv: o.controlPlaneEnv });
  const db = await openDatabase({ databaseUrl: stack.databaseUrl });
  const { recordingId } = await studiedRecording(db, { recordingsDir, conferenceId: stack.seed.conferenceId, durationSec: o.durationSec, member: o.member });
  const browser = await launchChromium();
  return {
    stack,
    db,
    browser,
    recordingId,
    async stop() {
      await browser.close();
      await db.close();
      await stack.stop();
      await rm(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** Signs in on the replay page (Vietnamese labels) in `page`. */
export async function signInToReplay(page: Page, url: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${url}/replay`);
  await page.getByLabel('Tên đăng nhập').fill(who.username);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
