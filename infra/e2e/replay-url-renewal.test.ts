import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';
import { useBrowserStack } from '@lienthong/testing/browser-stack';
import { signInToReplay } from '@lienthong/testing/replay-page';
import { studiedRecording } from '@lienthong/testing/study-fixture';

const DURATION_SEC = 40;
/** MEDIA_TOKEN_TTL_MINUTES of this stack: signed media URLs live 6 s. */
const MEDIA_TTL_MINUTES = '0.1';

/**
 * Issue 14: a replay whose signed media URL lapsed mid-playback stopped with the player's error.
 * Now the player signs again through the API and carries on from where it stands; only a real
 * refusal (here: the recording made secret, without this member) shows an error. Headless
 * Chromium, hls.js, the real control plane; the media URLs live 6 s.
 */
describe('replay: a lapsed media URL is signed again mid-playback', () => {
  const env = useBrowserStack({ port: 20620, recordingsDir: 'lienthong-replay-renewal-', controlPlaneEnv: { MEDIA_TOKEN_TTL_MINUTES: MEDIA_TTL_MINUTES } });
  let recordingId: string;
  let page: Page;
  const member = { username: 'dangvien.giahan', password: 'mat-khau-gia-han-2026', displayName: 'Trần Thị Gia' };
  /** Every media answer the page got: the signed part of its URL and its status. */
  const media: { signed: string; status: number; url: string }[] = [];

  beforeAll(async () => {
    ({ recordingId } = await studiedRecording(env.db, { recordingsDir: env.recordingsDir, conferenceId: env.stack.seed.conferenceId, durationSec: DURATION_SEC, member }));
  });

  const video = () => page.getByTestId('replay-video');
  const playback = () => video().evaluate((v: HTMLVideoElement) => ({ currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames }));
  const signedPart = (url: string) => /\/media\/[^/]+\//.exec(url)?.[0] ?? '';
  /** Switches to a rendition other than the one chosen (hls.js then drops its buffer and loads that one's media). */
  async function pickOtherRendition() {
    const quality = page.getByTestId('replay-quality');
    const current = await quality.inputValue();
    const values = await quality.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    await quality.selectOption(values.find((v) => v !== '-1' && v !== current)!);
  }

  it('plays on past the lapse of its first URL, from where it stands (a new rendition asked for after the lapse)', async () => {
    const { stack, browser } = env;
    page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('response', (res) => {
      if (res.url().includes('/media/')) media.push({ signed: signedPart(res.url()), status: res.status(), url: res.url() });
    });
    await signInToReplay(page, stack.url, member);
    await page.locator(`[data-recording="${recordingId}"]`).getByRole('link').click();
    await video().waitFor({ timeout: 15_000 });
    await video().evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await waitFor('1 s of playback', async () => ((await playback()).currentTime >= 1 ? true : undefined), 30_000, 100);
    const first = media.find((m) => m.status === 200)!;
    expect(first).toBeDefined();

    // The first URL lapses (the server says so). hls.js holds the whole short recording by then, so
    // the member picks a rendition: its media is asked for now, with the lapsed signature.
    await waitFor('the first media URL to lapse', async () => ((await fetch(first.url)).status === 401 ? true : undefined), 30_000, 250);
    const at = (await playback()).currentTime;
    await pickOtherRendition();
    await waitFor('playback 3 s on', async () => ((await playback()).currentTime >= at + 3 ? true : undefined), 30_000, 100);
    // hls.js may fall back to the rendition it holds while the renewal is on its way (then it needs
    // nothing more from the network): the member picks a rendition again until media comes signed anew.
    await waitFor(
      'media loaded with a new signature',
      async () => {
        if (media.some((m) => m.status === 200 && m.signed && m.signed !== first.signed)) return true;
        await pickOtherRendition();
        return undefined;
      },
      30_000,
      1_000,
    );

    // It met the lapse (a 401 with the first signature), then loaded on with a new signature.
    const refusedAt = media.findIndex((m) => m.status === 401 && m.signed === first.signed);
    expect(refusedAt).toBeGreaterThanOrEqual(0);
    expect(media.slice(refusedAt).some((m) => m.status === 200 && m.signed !== first.signed)).toBe(true);
    expect(await page.locator('.replay-error').count()).toBe(0);
  });

  it('a real refusal stops it with an error: the recording made secret, without this member', async () => {
    const { stack } = env;
    await operatorApi(stack).call('conferences.secrecy', { params: { id: stack.seed.conferenceId }, body: { secret: true, allowedPersonIds: [] } });
    // Another rendition: its media is asked for now, with the current signature (no longer standing).
    await pickOtherRendition();
    await page.locator('.replay-error').waitFor({ timeout: 30_000 });
    expect(await page.locator('.replay-error').innerText()).not.toBe('');
  });
});
