import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { joinCacheTtlMs } from '../../control-plane/src/domain/join-context.js';
import { operatorApi } from '../local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { demoNodes } from '../local/stack.js';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { inboundOf as inbound, joinThroughDeviceCheck, siteState, withJoinUrls, type LinkedConference } from '@lienthong/testing/site-page';
import { siteSrtpSuite } from '../../sfu/bench/support/site-cipher.js';

/**
 * The site endpoint as a site's operator uses it, in Chromium with a fake camera, against a real
 * control plane and two SFU processes: the device check, joining, the weak-link switches (what
 * arrives is read from getStats), and the screens for a conference not open, ended, or a link expired.
 */
describe('site endpoint: device check, weak-link switches, clear screens', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let db: Database;
  let conference: LinkedConference;
  let hall: Page;
  let site: Page;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(15000));
    db = await openDatabase({ databaseUrl: stack.databaseUrl });
    browser = await launchChromium();
    conference = await withJoinUrls(stack, await api().call('conferences.get', { params: { id: stack.seed.conferenceId } }));
  });

  afterAll(async () => {
    // Nothing joins after this: the status is put back without waiting out the join cache.
    await writeStatus('open').catch(() => undefined);
    await browser?.close();
    await db?.close();
    await stack?.stop();
  });

  const api = () => operatorApi(stack);
  const stateIs = (page: Page, state: string) => async () => ((await siteState(page)) === state ? true : undefined);
  const levelIs = (page: Page, level: string) => async () =>
    ((await page.evaluate(() => window.__lienthong!.receiveLevel)) === level ? true : undefined);
  /** Bytes per second and the picture width over `ms`, from two getStats readings. */
  const measure = async (page: Page, ms: number) => {
    const a = await inbound(page);
    await new Promise((r) => setTimeout(r, ms));
    const b = await inbound(page);
    const seconds = (b.timestamp - a.timestamp) / 1000;
    return {
      videoKbps: ((b.videoBytesReceived - a.videoBytesReceived) * 8) / 1000 / seconds,
      audioKbps: ((b.audioBytesReceived - a.audioBytesReceived) * 8) / 1000 / seconds,
      frames: b.videoFramesDecoded - a.videoFramesDecoded,
      width: b.videoFrameWidth,
    };
  };
  /**
   * Writes the status straight into the database, past the service that would tell the control
   * plane. Its join cache keeps an open conference's facts for up to 2 s (ConferenceJoinCache),
   * so the change is waited out, as another replica's would be without the endings channel.
   */
  const writeStatus = async (status: 'scheduled' | 'open' | 'ended', scheduledStart?: Date) => {
    await db.prisma.conference.update({ where: { id: stack.seed.conferenceId }, data: { status, ...(scheduledStart ? { scheduledStart } : {}) } });
  };
  const setStatus = async (status: 'scheduled' | 'open' | 'ended', scheduledStart?: Date) => {
    await writeStatus(status, scheduledStart);
    await new Promise((r) => setTimeout(r, joinCacheTtlMs + 100));
  };

  it('goes through the device check into the conference; the program decodes, with speaker and unit shown', async () => {
    hall = await browser.newPage();
    await hall.goto(conference.sites.find((s) => s.isOrigin)!.joinUrl);
    // The device check: Vietnamese, a live camera preview, a moving microphone meter, the hall's note.
    await waitFor('the greeting', stateIs(hall, 'ready'), 15_000);
    await expect(hall.getByRole('heading', { name: 'Kiểm tra thiết bị trước khi vào hội nghị' }).isVisible()).resolves.toBe(true);
    await waitFor('the camera preview', async () =>
      (await hall.getByTestId('device-preview').evaluate((v: HTMLVideoElement) => v.videoWidth)) > 0 ? true : undefined,
    );
    await waitFor('the microphone meter to move', async () =>
      Number(await hall.getByRole('meter').getAttribute('aria-valuenow')) > 0 ? true : undefined,
    );
    await hall.getByTestId('test-tone').click();
    await hall.getByText('Phát âm thanh thử').waitFor({ timeout: 5_000 }); // back to idle: the tone played and ended
    await hall.getByTestId('delegates').fill('120');
    await hall.getByRole('button', { name: 'Vào hội nghị' }).click();
    await waitFor('the hall to receive its own program', stateIs(hall, 'receiving'), 30_000);

    // Opus as the hall sends it: in-band FEC and DTX, so speech survives loss and silence costs nothing.
    const codecs = await hall.evaluate(() => window.__lienthong!.sentCodecs());
    expect(codecs.find((c: { kind: string }) => c.kind === 'audio')).toMatchObject({
      mimeType: 'audio/opus',
      parameters: { useinbandfec: 1, usedtx: 1 },
    });

    const commune = conference.sites.find((s) => s.unit.tier === 3 && s.unit.name.length > 0 && !s.isOrigin)!;
    site = await browser.newPage();
    await joinThroughDeviceCheck(site, commune.joinUrl, { delegates: 35 });
    await waitFor('program frames on the site', async () => ((await inbound(site)).videoFramesDecoded > 30 ? true : undefined), 30_000, 250);
    // The cipher the node encrypts this site's packets with, as Chromium reports it: the node (DTLS
    // server) picks AES-256-GCM from the browser's offer. bench:fan-out prices SRTP with it.
    expect((await inbound(site)).srtpCipher).toBe(`SRTP_${siteSrtpSuite}`);
    // Its Device loaded with what the hello said the routers offer, its join answered its media.
    expect(await site.evaluate(() => window.__lienthong!.mediaOpenedWithJoin())).toBe(true);
    // Ready to use as the node made it: connected with the page's own DTLS certificate, consumers started.
    expect(await site.evaluate(() => window.__lienthong!.mediaOpenedReady())).toBe(true);
    const speaker = await site.getByTestId('program-speaker').innerText();
    const origin = conference.sites.find((s) => s.isOrigin)!;
    expect(speaker).toContain(origin.name);
    expect(speaker).toContain(origin.unit.name);

    // The delegate counts reach the operators' site rows.
    const detail = await api().call('conferences.get', { params: { id: stack.seed.conferenceId } });
    expect(detail.sites.find((s) => s.isOrigin)?.delegates).toBe(120);
    expect(detail.sites.find((s) => s.id === commune.id)?.delegates).toBe(35);
  });

  it('"Chỉ âm thanh" stops the video bytes while the sound goes on, and brings the picture back', async () => {
    await site.getByTestId('automatic').click(); // manual control only, so a measured blip cannot interfere
    await site.getByTestId('audio-only').click();
    await waitFor('audio only', levelIs(site, 'audio'));
    await site.getByTestId('audio-only-notice').waitFor();
    await new Promise((r) => setTimeout(r, 1_000)); // packets already on their way
    const paused = await measure(site, 3_000);
    expect(paused.videoKbps).toBeLessThan(1);
    expect(paused.frames).toBe(0);
    expect(paused.audioKbps).toBeGreaterThan(5);

    await site.getByTestId('audio-only').click();
    await waitFor('the picture again', async () => ((await measure(site, 1_000)).frames > 5 ? true : undefined), 15_000, 0);
  });

  it('"Băng thông thấp" switches to the small simulcast layer: smaller picture, fewer bits', async () => {
    await waitFor('the full layer (640 wide)', async () => ((await inbound(site)).videoFrameWidth >= 640 ? true : undefined), 20_000, 250);
    const full = await measure(site, 4_000);
    await site.getByTestId('low-bandwidth').click();
    await waitFor('low bandwidth', levelIs(site, 'low'));
    await waitFor('the small layer', async () => ((await inbound(site)).videoFrameWidth <= 320 ? true : undefined), 15_000, 250);
    await new Promise((r) => setTimeout(r, 1_000));
    const low = await measure(site, 4_000);
    console.log(JSON.stringify({ event: 'low-bandwidth-switch', full, low }));
    expect(low.width).toBeLessThan(full.width);
    expect(low.videoKbps).toBeLessThan(full.videoKbps * 0.7);
    expect(low.frames).toBeGreaterThan(10);
    await site.getByTestId('low-bandwidth').click();
    await site.close();
    await hall.close();
  });

  it('a kiosk link (…&autojoin=1) joins without any click, with the devices this PC remembers', async () => {
    const page = await browser.newPage();
    await page.goto(`${conference.sites.find((s) => !s.isOrigin && s.unit.tier === 2)!.joinUrl}#autojoin=1`);
    await waitFor(
      'the kiosk to join',
      async () => (['joined', 'receiving'].includes((await siteState(page)) ?? '') ? true : undefined),
      20_000,
      100,
    );
    expect(await page.getByTestId('device-check').count()).toBe(0);
    await page.close();
  });

  it('says so when the link has expired', async () => {
    const commune = conference.sites.find((s) => !s.isOrigin)!;
    const aMinuteAgo = stack.tokens.withClock(() => new Date(Date.now() - 60_000));
    const token = await aMinuteAgo.signSite({ sub: commune.id, conf: stack.seed.conferenceId }, 1);
    const page = await browser.newPage();
    await page.goto(`${stack.url}/join#token=${token}`);
    await waitFor('the expired screen', stateIs(page, 'error:TOKEN_EXPIRED'), 15_000);
    await expect(page.getByText('Mã truy cập đã hết hạn').first().isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('counts down to a conference not open yet, lets the device check run, and joins by itself when it opens', async () => {
    const start = new Date(Date.now() + 2 * 3600_000 + 5 * 60_000);
    await setStatus('scheduled', start);
    const commune = conference.sites.find((s) => !s.isOrigin && s.unit.tier === 2)!;
    const page = await browser.newPage();
    await page.goto(commune.joinUrl);
    await waitFor('the not-open screen', stateIs(page, 'error:CONFERENCE_NOT_OPEN'), 15_000);
    expect(await page.getByTestId('countdown').innerText()).toMatch(/^Còn 02:0[45]:\d\d$/);
    await page.getByRole('button', { name: 'Vào hội nghị khi mở' }).click();
    await page.getByText('Điểm cầu sẽ tự vào hội nghị ngay khi ban tổ chức mở.').waitFor();

    await setStatus('open');
    await waitFor(
      'the site to join on its own once open',
      async () => (['joined', 'receiving'].includes((await siteState(page)) ?? '') ? true : undefined),
      30_000,
      250,
    );
    await page.close();
  });

  it('shows an ended conference as over, and does not retry', async () => {
    await setStatus('ended');
    const page = await browser.newPage();
    await page.goto(conference.sites.find((s) => !s.isOrigin)!.joinUrl);
    await waitFor('the ended screen', stateIs(page, 'error:CONFERENCE_ENDED'), 15_000);
    await expect(page.getByText('Hội nghị đã kết thúc').first().isVisible()).resolves.toBe(true);
    expect(await page.getByText('Tự thử lại').count()).toBe(0);
    await page.close();
    await setStatus('open');
  });
});
