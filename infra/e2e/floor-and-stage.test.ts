import type { Stage } from '@lienthong/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir, inboundOf, joinThroughDeviceCheck, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * The stage with real browsers: a commune asks to speak, the operator gives it the floor and its
 * camera replaces the hall's on another site (carried up to the origin and down again through
 * the pipes), is muted, gets it taken back; notices reach only the sites they are sent to; a
 * site that reloads gets its floor back. A site nobody watches sends nothing.
 */
const operatorPassword = 'mật-khẩu-điều-hành-2026';

describe('the stage: raise hand, floor, mute, notices', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;
  let hall: Page;
  let speakerPage: Page;
  let listener: Page;
  let speakerSite: LinkedConference['sites'][number];
  let listenerSite: LinkedConference['sites'][number];

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(15300, 50));
    browser = await launchChromium();
    conference = await demoConference(stack);
    const communes = conference.sites.filter((s) => !s.isOrigin && s.unit.tier === 3);
    [speakerSite, listenerSite] = [communes[0]!, communes.at(-1)!];
    expect(speakerSite.id).not.toBe(listenerSite.id);
    // The agenda and documents the sites will show: one public (with a QR code), one secret (never).
    // An open conference's definition is frozen to the API; the organisers' agenda was set before.
    const db = await openDatabase({ databaseUrl: stack.databaseUrl });
    await db.prisma.conference.update({ where: { id: conference.id }, data: { agenda: '1. Khai mạc\n2. Quán triệt nghị quyết\n3. Thảo luận tại các điểm cầu' } });
    const central = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    await db.close();
    await createOperator(stack, { username: 'dieu.hanh', password: operatorPassword, displayName: 'Điều hành Trung ương', unitId: central.id });
    for (const classification of ['public', 'secret'] as const) {
      const doc = await api().call('documents.create', {
        params: { id: conference.id },
        body: { title: `Tài liệu ${classification}`, fileName: `${classification}.pdf`, mediaType: 'application/pdf', sizeBytes: 1, classification },
      });
      const bytes = new TextEncoder().encode(`%PDF-1.4 ${classification}`);
      await api().call('documents.upload', { params: { id: doc.id }, file: { bytes, mediaType: 'application/pdf' } });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const api = () => operatorApi(stack);
  const stage = (): Promise<Stage> => api().call('conferences.stage', { params: { id: conference.id } });
  const speakerOn = (page: Page) => page.getByTestId('program-speaker').innerText().catch(() => '');
  const outbound = (page: Page) => page.evaluate(() => window.__lienthong!.outboundStats());
  /** Video bytes the page sent over `ms`. */
  const sentVideoBytes = async (page: Page, ms: number) => {
    const a = await outbound(page);
    await new Promise((r) => setTimeout(r, ms));
    return (await outbound(page)).videoBytesSent - a.videoBytesSent;
  };
  const showsSpeaker = (page: Page, name: string) => async () => ((await speakerOn(page)).includes(name) ? true : undefined);

  it('sites join receiving the hall; a site nobody watches sends no video', async () => {
    hall = await hallOnAir(browser, conference);
    speakerPage = await (await browser.newContext()).newPage();
    listener = await (await browser.newContext()).newPage();
    await joinThroughDeviceCheck(speakerPage, speakerSite.joinUrl, { delegates: 40 });
    await joinThroughDeviceCheck(listener, listenerSite.joinUrl, { delegates: 25 });
    const hallName = conference.sites.find((s) => s.isOrigin)!.name;
    await waitFor('the hall on the listener', showsSpeaker(listener, hallName), 30_000);
    await waitFor('the hall on the speaker site', showsSpeaker(speakerPage, hallName), 30_000);
    await speakerPage.getByTestId('raise-hand').waitFor();
    expect(await sentVideoBytes(speakerPage, 2_000)).toBeLessThan(2_000);
    expect(await speakerPage.getByTestId('sending').count()).toBe(0);
  });

  it('a raised hand reaches the operator\'s queue', async () => {
    await speakerPage.getByTestId('raise-hand').click();
    await waitFor('the hand in the queue', async () => ((await stage()).hands.some((h) => h.siteId === speakerSite.id) ? true : undefined));
    expect(await speakerPage.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('true');
  });

  it('the operator gives the floor from the console\'s hand queue: the site\'s camera goes to every other site', async () => {
    const console = await (await browser.newContext()).newPage();
    // The console's grid watches every site: closed whatever happens, or the floor site keeps
    // sending its thumbnail to it and the later tests measure that.
    try {
      await logInToConsole(console, stack.url, 'dieu.hanh', operatorPassword);
      // The live page: the sites' grid with the stage beside it.
      await console.goto(`${stack.url}/console/conferences/${conference.id}/live`);
      await console.getByTestId('live-conference').waitFor();
      const queue = console.getByTestId('hand-queue');
      await queue.locator(`li[data-site-id="${speakerSite.id}"]`).getByRole('button', { name: 'Mời phát biểu' }).click();
      await console.getByTestId('floor-holder').getByText(speakerSite.name).waitFor();
      // Recording by hand from the same panel (no recorder runs in this stack: the job waits for one).
      await console.getByTestId('recording-start').click();
      await console.getByTestId('recording-status').getByText('Chờ máy ghi hình').waitFor();
      await console.getByTestId('recording-stop').click();
      await console.getByTestId('recording-status').getByText('đã yêu cầu dừng').waitFor();
    } finally {
      await console.close();
    }
    const after = await stage();
    expect(after.floor?.siteId).toBe(speakerSite.id);
    expect(after.hands).toEqual([]);
    await waitFor('the floor site on the listener', showsSpeaker(listener, speakerSite.name), 30_000);
    await waitFor('the floor site on the hall', showsSpeaker(hall, speakerSite.name), 30_000);
    await speakerPage.getByTestId('on-floor').waitFor();
    await speakerPage.getByTestId('sending').waitFor();
    // The listener decodes the floor site's picture, and the floor site really sends it.
    const before = (await inboundOf(listener)).videoFramesDecoded;
    await waitFor('frames from the floor site', async () => ((await inboundOf(listener)).videoFramesDecoded > before + 20 ? true : undefined), 20_000, 250);
    expect(await sentVideoBytes(speakerPage, 2_000)).toBeGreaterThan(10_000);
    // Both simulcast layers: the program needs the large one (a thumbnail only the small one).
    expect((await outbound(speakerPage)).videoEncodingsActive).toBe(2);
    // The floor site itself keeps seeing the hall.
    expect(await speakerOn(speakerPage)).toContain(conference.sites.find((s) => s.isOrigin)!.name);
  });

  it('muting the floor site shows it there and in the stage', async () => {
    const after = await api().call('conferences.muteSite', { params: { id: conference.id, siteId: speakerSite.id }, body: { muted: true } });
    expect(after.muted).toEqual([speakerSite.id]);
    await speakerPage.getByTestId('muted').waitFor();
    await api().call('conferences.muteSite', { params: { id: conference.id, siteId: speakerSite.id }, body: { muted: false } });
    await speakerPage.getByTestId('muted').waitFor({ state: 'detached' });
  });

  it('a notice reaches only the sites it is sent to', async () => {
    const sent = await api().call('conferences.sendNotice', { params: { id: conference.id }, body: { text: 'Đề nghị điểm cầu chuẩn bị ý kiến', siteIds: [listenerSite.id] } });
    expect(sent.recipients).toBe(1);
    await listener.getByText('Đề nghị điểm cầu chuẩn bị ý kiến').waitFor();
    await api().call('conferences.sendNotice', { params: { id: conference.id }, body: { text: 'Hội nghị nghỉ giải lao 10 phút' } });
    await speakerPage.getByText('Hội nghị nghỉ giải lao 10 phút').waitFor();
    expect(await speakerPage.getByText('Đề nghị điểm cầu chuẩn bị ý kiến').count()).toBe(0);
  });

  it('shows the agenda and the public documents with QR codes, never a secret one', async () => {
    await listener.getByTestId('papers-button').click();
    const papers = listener.getByTestId('papers');
    await papers.getByText('Quán triệt nghị quyết').waitFor();
    await expect(papers.locator('img.qr').count()).resolves.toBe(1);
    await expect(papers.innerText()).resolves.not.toContain('Tài liệu secret');
    const link = await papers.locator('img.qr').getAttribute('data-qr');
    const opened = await fetch(new URL(new URL(link!).pathname, stack.url));
    expect(await opened.text()).toBe('%PDF-1.4 public');
    await papers.getByTestId('papers-close').click();
    await papers.waitFor({ state: 'detached' });
  });

  it('a floor site that reloads gets its floor back without the operator', async () => {
    await speakerPage.reload();
    await joinThroughDeviceCheck(speakerPage, speakerSite.joinUrl);
    await speakerPage.getByTestId('on-floor').waitFor({ timeout: 30_000 });
    await waitFor('the floor site back on the listener', showsSpeaker(listener, speakerSite.name), 30_000);
    expect(await sentVideoBytes(speakerPage, 2_000)).toBeGreaterThan(10_000);
    // The notices it had are handed back too.
    await speakerPage.getByText('Hội nghị nghỉ giải lao 10 phút').waitFor();
  });

  it('taking the floor back returns everyone to the hall, and the site stops sending', async () => {
    await api().call('conferences.giveFloor', { params: { id: conference.id }, body: { siteId: null } });
    const hallName = conference.sites.find((s) => s.isOrigin)!.name;
    await waitFor('the hall again on the listener', showsSpeaker(listener, hallName), 30_000);
    await speakerPage.getByTestId('raise-hand').waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await sentVideoBytes(speakerPage, 2_000)).toBeLessThan(2_000);
    expect((await stage()).floor).toBeNull();
  });

  it('the operator ends the conference from the console: every site is told it is over', async () => {
    const console = await (await browser.newContext()).newPage();
    await logInToConsole(console, stack.url, 'dieu.hanh', operatorPassword);
    await console.goto(`${stack.url}/console/conferences/${conference.id}/live`);
    console.once('dialog', (dialog) => void dialog.accept());
    await console.getByTestId('end-conference').click();
    await console.getByTestId('conference-ended').waitFor();
    // The final screen (the conference is over: no retrying), on every site.
    for (const page of [hall, speakerPage, listener]) await page.locator('[role="alert"][data-code="CONFERENCE_ENDED"]').waitFor({ timeout: 20_000 });
    expect(await listener.getByTestId('program-speaker').count()).toBe(0);
    await console.close();
  });
});

