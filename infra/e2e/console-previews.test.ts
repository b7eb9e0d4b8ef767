import { callMessage, consoleRequests, namespaces, } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { tilePreview, tilePreviewPlaying } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, joinThroughDeviceCheck, siteState, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * The live console's thumbnails in Chromium against a real stack (control plane, two SFU
 * processes): a commune off the floor shows its live picture in its tile, sending its camera
 * (carried from its node to the console's) but not its microphone while the console shows it,
 * and nothing again once the console stops. The server gives a console only its own sites.
 */
describe('live console: thumbnails of the tiles on screen', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;
  let hall: Page;
  let site: Page;
  let console: Page;
  /** A commune of Hà Nội (served by node-2), and one of Đà Nẵng. */
  let commune: LinkedConference['sites'][number];
  let otherProvinceCommune: LinkedConference['sites'][number];

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(17100));
    browser = await launchChromium();
    conference = await demoConference(stack);
    const byUnit = (code: string) => conference.sites.find((s) => s.id === stack.seed.sites.find((x) => x.unitCode === code)!.id)!;
    commune = byUnit('HN-BD-DB');
    otherProvinceCommune = byUnit('DN-HC-TT');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const outbound = (page: Page) => page.evaluate(() => window.__lienthong!.outboundStats());
  /** Video and audio bytes the page sent over `ms`. */
  const sentOver = async (page: Page, ms: number) => {
    const a = await outbound(page);
    await new Promise((r) => setTimeout(r, ms));
    const b = await outbound(page);
    return { video: b.videoBytesSent - a.videoBytesSent, audio: b.audioBytesSent - a.audioBytesSent, encodings: b.videoEncodingsActive };
  };
  const preview = (siteId: string) => tilePreview(console, siteId);
  const playing = (siteId: string) => tilePreviewPlaying(console, siteId);

  it('a commune off the floor sends nothing before any console shows it', async () => {
    hall = await hallOnAir(browser, conference);
    site = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(site, commune.joinUrl, { delegates: 30 });
    await waitFor('the commune receiving the hall', async () => ((await siteState(site)) === 'receiving' ? true : undefined), 30_000);
    // The program is received before the site's own camera and microphone are made (a join opens
    // its media first); a new track sends a moment before it is paused, so measure once both exist.
    await waitFor('its camera and microphone made', async () => ((await site.evaluate(() => window.__lienthong!.sentCodecs().length)) === 2 ? true : undefined), 30_000);
    const sent = await sentOver(site, 2_000);
    expect(sent.video).toBeLessThan(2_000);
    expect(sent.audio).toBeLessThan(2_000);
    expect(await site.getByTestId('previewed').count()).toBe(0);
  });

  it('the console shows the commune\'s live picture; the commune sends its camera, not its microphone', async () => {
    console = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await console.goto(`${stack.url}/console/live#token=${stack.operatorToken}&conference=${conference.id}`);
    await waitFor('the commune green in the grid', async () =>
      (await console.getByTestId('live-grid').locator(`[data-site="${commune.id}"]`).getAttribute('data-status', { timeout: 2_000 }).catch(() => null)) === 'ok' ? true : undefined, 30_000);
    await playing(commune.id);
    // The hall's tile (on screen and connected) gets its picture too; offline sites none.
    await playing(conference.sites.find((s) => s.isOrigin)!.id);
    expect(await preview(otherProvinceCommune.id).count()).toBe(0);

    await site.getByTestId('previewed').waitFor({ timeout: 10_000 });
    expect(await site.getByTestId('sending').count()).toBe(0);
    const sent = await sentOver(site, 2_000);
    expect(sent.video).toBeGreaterThan(10_000);
    expect(sent.audio).toBeLessThan(2_000);
    // Only the small simulcast layer: the thumbnail needs no more, and a weak uplink is spared.
    expect(sent.encodings).toBe(1);
  });

  it('turning the thumbnails off stops the pictures and the commune\'s camera; on again brings them back', async () => {
    await console.getByTestId('thumbnails-toggle').uncheck();
    await waitFor('no picture in the grid', async () => ((await console.getByTestId('tile-preview').count()) === 0 ? true : undefined), 10_000);
    await site.getByTestId('previewed').waitFor({ state: 'detached', timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await sentOver(site, 2_000)).video).toBeLessThan(2_000);

    await console.getByTestId('thumbnails-toggle').check();
    await playing(commune.id);
    await site.getByTestId('previewed').waitFor({ timeout: 10_000 });
  });

  it('the table layout wants no picture', async () => {
    await console.getByRole('button', { name: 'Bảng' }).click();
    await site.getByTestId('previewed').waitFor({ state: 'detached', timeout: 10_000 });
    await console.getByRole('button', { name: 'Lưới' }).click();
    await playing(commune.id);
  });

  it('when the console closes, the commune stops sending its camera', async () => {
    await site.getByTestId('previewed').waitFor({ timeout: 10_000 });
    await console.close();
    await site.getByTestId('previewed').waitFor({ state: 'detached', timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    const sent = await sentOver(site, 2_000);
    expect(sent.video).toBeLessThan(2_000);
    expect(sent.audio).toBeLessThan(2_000);
  });

  it('an operator of another province gets no picture of a commune outside its scope', async () => {
    const db = await openDatabase({ databaseUrl: stack.databaseUrl });
    const danang = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN' } });
    await db.close();
    const token = await stack.tokens.signOperator({ sub: randomUUID(), role: 'operator', unit: danang.id });
    const socket = io(`${stack.url}${namespaces.console}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      // The national conference reaches into Đà Nẵng: this console may watch it and preview its own communes only.
      await callMessage(socket, consoleRequests, 'openPreviews', { conferenceId: conference.id });
      const answer = await callMessage(socket, consoleRequests, 'setPreviews', { conferenceId: conference.id, siteIds: [commune.id, otherProvinceCommune.id] });
      expect(answer.siteIds).toEqual([otherProvinceCommune.id]);
      // The whole country's operator is answered both.
      const national = io(`${stack.url}${namespaces.console}`, { auth: { token: stack.operatorToken }, transports: ['websocket'], reconnection: false });
      try {
        await callMessage(national, consoleRequests, 'openPreviews', { conferenceId: conference.id });
        const all = await callMessage(national, consoleRequests, 'setPreviews', { conferenceId: conference.id, siteIds: [commune.id, otherProvinceCommune.id] });
        expect(all.siteIds).toEqual([commune.id, otherProvinceCommune.id]);
      } finally {
        national.disconnect();
      }
    } finally {
      socket.disconnect();
    }
    await hall.close();
    await site.close();
  });
});
