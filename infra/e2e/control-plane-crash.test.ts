import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { tilePreviewPlaying } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, inboundOf, joinThroughDeviceCheck, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * kill -9 of the control plane mid-conference, with a site on the floor: the media nodes and the
 * browsers reconnect to its successor by themselves, the plan and the stage come back from Redis,
 * and the program (with the same floor) plays again on every site, with no click; an operator's
 * live console shows its thumbnails again (its receiver is placed anew).
 */
describe('control plane killed mid-conference', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;
  let floorPage: Page;
  let listener: Page;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(11400, 50));
    browser = await launchChromium();
    conference = await demoConference(stack);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const framesOf = async (page: Page) => (await inboundOf(page)).videoFramesDecoded;
  const speakerOn = (page: Page) => page.getByTestId('program-speaker').innerText().catch(() => '');

  it('resumes the conference, floor included, after kill -9 and a restart', async () => {
    const communes = conference.sites.filter((s) => !s.isOrigin && s.unit.tier === 3);
    const [floorSite, listenerSite] = [communes[0]!, communes.at(-1)!];
    await hallOnAir(browser, conference);
    floorPage = await (await browser.newContext()).newPage();
    listener = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(floorPage, floorSite.joinUrl);
    await joinThroughDeviceCheck(listener, listenerSite.joinUrl);
    await waitFor('the program on the listener', async () => ((await framesOf(listener)) > 30 ? true : undefined), 30_000, 250);
    await operatorApi(stack).call('conferences.giveFloor', { params: { id: conference.id }, body: { siteId: floorSite.id } });
    await waitFor('the floor on the listener', async () => ((await speakerOn(listener)).includes(floorSite.name) ? true : undefined), 30_000);
    const operatorConsole = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await operatorConsole.goto(`${stack.url}/console/live#token=${stack.operatorToken}&conference=${conference.id}`);
    await tilePreviewPlaying(operatorConsole, listenerSite.id);
    await new Promise((r) => setTimeout(r, 500)); // the stage's coalesced write to Redis

    const killedAt = Date.now();
    await stack.restartControlPlane('kill');
    const answeringAt = Date.now();
    const framesAtRestart = await framesOf(listener).catch(() => 0);
    // The site rejoins by itself; frames decode again (a new join restarts the counters).
    await waitFor(
      'the program again on the listener',
      async () => {
        const frames = await framesOf(listener).catch(() => 0);
        return (await speakerOn(listener)).includes(floorSite.name) && frames > 10 && frames !== framesAtRestart ? true : undefined;
      },
      60_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- stack logs ---\n${stack.logs.slice(-80).join('\n')}`);
    });
    const playingAt = Date.now();
    // The console's socket reconnects too and opens its thumbnails again on the new control plane.
    await tilePreviewPlaying(operatorConsole, listenerSite.id);
    await floorPage.getByTestId('on-floor').waitFor({ timeout: 30_000 });
    const stage = await operatorApi(stack).call('conferences.stage', { params: { id: conference.id } });
    expect(stage.floor?.siteId).toBe(floorSite.id);
    console.log(
      JSON.stringify({
        event: 'control-plane-kill-recovery',
        restartMs: answeringAt - killedAt,
        programBackAfterRestartMs: playingAt - answeringAt,
        totalMs: playingAt - killedAt,
      }),
    );
  });
});
