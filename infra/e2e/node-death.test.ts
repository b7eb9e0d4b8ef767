import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { joinThroughDeviceCheck, withJoinUrls } from '@lienthong/testing/site-page';
import { demoNodes } from '../local/stack.js';
import { startScratchStack } from '@lienthong/testing/scratch-stack';

/**
 * A media node dies under a browser site: the control plane notices (connection loss for a
 * killed process, missed heartbeats for a hung one), ends the site's session with 'node-lost',
 * and the site rejoins on a live node and plays again. Recovery times are printed, not asserted.
 */
describe.each([
  { how: 'killed (kill -9)', signal: 'SIGKILL' as const },
  { how: 'hung (SIGSTOP: only the heartbeat watchdog can tell)', signal: 'SIGSTOP' as const },
])('a commune site whose node is $how', ({ signal }) => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(11200));
    browser = await launchChromium();
  });
  afterAll(async () => {
    stack?.children.get('node-2')?.process.kill('SIGCONT');
    await browser?.close();
    await stack?.stop();
  });

  const api = () => operatorApi(stack);
  const stateOf = (page: Page) => page.evaluate(() => window.__lienthong?.state);
  const framesOf = (page: Page) =>
    page.evaluate(async () => ((await window.__lienthong!.inboundStats()) as { videoFramesDecoded: number }).videoFramesDecoded);

  it('rejoins on a live node and plays again', async () => {
    const conference = await withJoinUrls(stack, await api().call('conferences.get', { params: { id: stack.seed.conferenceId } }));
    const hall = await browser.newPage();
    await joinThroughDeviceCheck(hall, conference.sites.find((s) => s.isOrigin)!.joinUrl);
    await waitFor('the hall', async () => ((await stateOf(hall)) === 'receiving' ? true : undefined), 30_000);
    const commune = conference.sites.find((s) => s.unit.tier === 3 && s.name.includes('Phường Điện Biên'))
      ?? conference.sites.find((s) => s.unit.tier === 3)!;
    const site = await browser.newPage();
    await joinThroughDeviceCheck(site, commune.joinUrl);
    await waitFor('frames on the site', async () => ((await framesOf(site)) > 10 ? true : undefined), 30_000);
    const before = await api().call('conferences.mediaPath', { params: { id: stack.seed.conferenceId } });
    expect(before.items.find((p) => p.siteId === commune.id)?.nodeId).toBe('node-2');

    const killedAt = Date.now();
    stack.children.get('node-2')!.process.kill(signal);
    // Watched from the browser only: the site notices it lost its session...
    await waitFor('the site to lose its session', async () => ((await stateOf(site)) === 'receiving' ? undefined : true), 15_000, 50);
    const detectedMs = Date.now() - killedAt;
    // ...and decodes frames again on the new node's consumer (a fresh transport: its count restarts).
    await waitFor('frames again', async () => ((await stateOf(site)) === 'receiving' && (await framesOf(site)) > 5 ? true : undefined), 20_000, 50);
    const recoveredMs = Date.now() - killedAt;

    const after = await api().call('conferences.mediaPath', { params: { id: stack.seed.conferenceId } });
    expect(after.items.find((p) => p.siteId === commune.id)?.nodeId).toBe('node-1');
    console.log(JSON.stringify({ event: 'node-death-recovery', signal, detectedMs, recoveredMs }));
  });
});
