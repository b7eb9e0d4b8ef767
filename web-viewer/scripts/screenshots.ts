/**
 * `npm run screenshots -w web-viewer`: starts the whole stack the way the end-to-end tests do
 * (control plane, two SFU nodes, a scratch PostgreSQL database, headless Chromium with a fake
 * camera) and saves the site endpoint's screens, the live console, the replay library and the
 * operator console's screens, in Vietnamese, to web-viewer/docs/.
 * Needs the machine set up for tests (`bash infra/setup.sh --for-tests`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { launchChromium } from '@lienthong/testing/browser';
import { demoNodes } from '../../infra/local/stack.js';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, siteState } from '@lienthong/testing/site-page';
import { waitFor } from '@lienthong/testing/wait';
import { shootConsolePages } from './console-screenshots.js';
import { shootReplayScreens } from './replay-screenshots.js';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
const viewport = { width: 1280, height: 800 };

const recordingsDir = await mkdtemp(path.join(tmpdir(), 'lienthong-screens-'));
const stack = await startScratchStack(demoNodes(15600), { recordingsDir });
const browser = await launchChromium();
const db = await openDatabase({ databaseUrl: stack.databaseUrl });
try {
  const conference = await demoConference(stack);
  const commune = conference.sites.find((s) => !s.isOrigin && s.unit.tier === 3) ?? conference.sites.find((s) => !s.isOrigin)!;
  const newPage = async () => {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    return context.newPage();
  };
  const shoot = async (page: Page, name: string) => {
    await page.screenshot({ path: path.join(docs, name) });
    console.log(`saved web-viewer/docs/${name}`);
  };
  const stateIs = (page: Page, state: string) => async () => ((await siteState(page)) === state ? true : undefined);

  await hallOnAir(browser, conference);

  // 1. The device check of a commune site, with the camera preview and a delegate count typed in.
  const site = await newPage();
  await site.goto(commune.joinUrl);
  await waitFor('the device check', stateIs(site, 'ready'), 15_000);
  await waitFor('the preview', async () =>
    (await site.getByTestId('device-preview').evaluate((v: HTMLVideoElement) => v.videoWidth)) > 0 ? true : undefined,
  );
  await site.getByTestId('delegates').fill('42');
  // The fake microphone beeps once a second: catch the meter on a beep.
  await waitFor('the meter on a beep', async () =>
    Number(await site.getByRole('meter').getAttribute('aria-valuenow')) >= 20 ? true : undefined, 10_000, 20);
  await shoot(site, 'site-device-check.png');

  // 2. In the conference: the hall's program full screen, the quality line, the weak-link switches.
  await site.getByTestId('join-button').click();
  await waitFor('the program', stateIs(site, 'receiving'), 30_000);
  // A reading of a whole interval of moving picture (the first one after joining is partial).
  await waitFor('a settled quality reading', async () => {
    const line = site.getByTestId('connection-quality');
    const moving = /[1-9]\d* hình\/giây/.test(await line.innerText());
    return moving && (await line.getAttribute('data-quality')) === 'good' ? true : undefined;
  }, 20_000, 250);
  await shoot(site, 'site-in-conference.png');

  // 3. Audio only: the last picture stays, under a notice.
  await site.getByTestId('audio-only').click();
  await site.getByTestId('audio-only-notice').waitFor();
  await new Promise((r) => setTimeout(r, 2_500));
  await shoot(site, 'site-audio-only.png');

  // 3b. The live console: the hall and the commune in the grid; the commune leaves and drops.
  const live = await newPage();
  await live.goto(`${stack.url}/console/live#token=${stack.operatorToken}&conference=${conference.id}`);
  await waitFor('the commune in the live grid', async () =>
    (await live.getByTestId('live-grid').locator(`[data-site="${commune.id}"]`).getAttribute('data-status')) !== 'offline' ? true : undefined, 15_000);
  // The tiles on screen show live pictures (the commune sends its camera for it, not its microphone).
  await waitFor('two live thumbnails', async () => {
    const widths = await live.getByTestId('tile-preview').evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).videoWidth));
    return widths.filter((w) => w > 0).length >= 2 ? true : undefined;
  }, 20_000);
  await new Promise((r) => setTimeout(r, 1_000));
  await shoot(live, 'console-live-thumbnails.png');
  await site.close();
  await live.getByTestId('live-alerts').locator(`[data-site="${commune.id}"][data-kind="dropped"]`).waitFor({ timeout: 15_000 });
  await shoot(live, 'console-live.png');
  await live.close();

  // 4. A conference not open yet: the countdown above the device check.
  await db.prisma.conference.update({
    where: { id: stack.seed.conferenceId },
    data: { status: 'scheduled', scheduledStart: new Date(Date.now() + 90 * 60_000) },
  });
  const early = await newPage();
  await early.goto(commune.joinUrl);
  await waitFor('the countdown', stateIs(early, 'error:CONFERENCE_NOT_OPEN'), 15_000);
  await new Promise((r) => setTimeout(r, 1_500));
  await shoot(early, 'site-not-open.png');
  await early.close();

  // 5-7. The replay library, its player and a study report.
  await shootReplayScreens({ browser, stack, db, recordingsDir, newPage, shoot });

  // 8. The operator console, over a national dataset (its own stack).
  await shootConsolePages(browser, shoot);
} finally {
  await browser.close();
  await db.close();
  await stack.stop();
  await rm(recordingsDir, { recursive: true, force: true });
}
