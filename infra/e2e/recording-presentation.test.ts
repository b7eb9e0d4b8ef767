// The whole stack with the recorder, the hall a headless Chromium with a fake camera, microphone
// and screen (Chromium's fake screen capture answers getDisplayMedia without a picker). The hall
// speaks, shares its screen for ~12 s, stops, speaks on; the conference ends. The archive holds the
// slides as a second video of the shared part, the recording a video-only HLS playlist of them
// beside the program's (ffprobe judges both), and the replay page shows them beside the speaker
// while they were shared, one at a time on a narrow screen.
import { queues, recordingManifestSchema, type RecordingManifest } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startScratchStack, testRedisUrl } from '@lienthong/testing/scratch-stack';
import { screenshotForDocs, vietnamesePage } from '@lienthong/testing/screens';
import { demoConference, hallOnAir } from '@lienthong/testing/site-page';

describe('recording a presentation', () => {
  const prefix = `lienthong-recp-${randomBytes(4).toString('hex')}`;
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let db: Database;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lienthong-recordings-'));
    stack = await startScratchStack(demoNodes(20204, 12), { port: 20200, withRecorder: true, recordingsDir: dir, recorderRtpPorts: [20228, 20251], redisPrefix: prefix });
    db = await openDatabase({ databaseUrl: stack.databaseUrl });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await stack?.stop();
    const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    await new Queue(queues.recording, { connection, prefix }).obliterate({ force: true }).catch(() => undefined);
    await connection.quit();
    // A stopped recorder's encoders end a moment after it (their guards see it go).
    await rm(dir, { recursive: true, force: true, maxRetries: 10 });
  });

  const manifest = async (id: string) => {
    const text = await readFile(path.join(dir, id, 'manifest.json'), 'utf8').catch(() => null);
    return text ? recordingManifestSchema.parse(JSON.parse(text)) : undefined;
  };
  const logs = () => stack.logs.filter((l) => l.startsWith('[recorder]')).slice(-30).join('\n');
  const untilWall = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
  /** A part whose program holds a shared screen, once it has a segment. */
  const sharedPart = (m: RecordingManifest | undefined) => m?.parts.find((p) => p.program?.some((t) => t.source === 'presentation') && p.segments.length);
  let recordingId: string;
  let ready: RecordingManifest;
  let sharedSec: number;

  it('records the shared screen as a second video, with its own HLS playlist beside the program', async () => {
    const conference = await demoConference(stack);
    const recording = await waitFor('the demo recording', async () => (await db.prisma.recording.findFirst({ where: { conferenceId: conference.id } })) ?? undefined);
    recordingId = recording.id;
    const hall = await hallOnAir(browser, conference);
    const first = await waitFor('the first part', async () => {
      const m = await manifest(recording.id);
      return m?.parts.length ? m : undefined;
    }, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${logs()}`);
    });
    const t0 = Date.parse(first.parts[0]!.startedAt);

    // The speaker alone for ~6 s, then the slides beside it for ~12 s, then the speaker alone again.
    await untilWall(t0 + 6_000);
    await hall.getByTestId('share-screen').click();
    await hall.getByTestId('presenting').waitFor();
    const shared = await waitFor('a part with the slides', async () => sharedPart(await manifest(recording.id)), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${logs()}`);
    });
    const sharedFrom = Date.parse(shared.startedAt);
    await untilWall(sharedFrom + 12_000);
    await hall.getByTestId('stop-sharing').click();
    await hall.getByTestId('share-screen').waitFor();
    await waitFor('a part after the slides', async () => {
      const m = await manifest(recording.id);
      const last = m?.parts.at(-1);
      return last && last.index > shared.index && last.segments.length ? true : undefined;
    }, 30_000);
    await hall.context().close();
    await db.prisma.conference.update({ where: { id: conference.id }, data: { status: 'ended' } });
    ready = await waitFor('the recording to be ready', async () => {
      const m = await manifest(recording.id);
      return m && (m.status === 'ready' || m.status === 'failed') ? m : undefined;
    }, 90_000);
    expect(ready.status, logs()).toBe('ready');

    // The archive: the shared part's segments hold the camera and the slides, the others one video.
    const withSlides = ready.parts.find((p) => p.index === shared.index)!;
    expect(withSlides.program!.map((t) => t.source ?? t.kind).sort()).toEqual(['camera', 'microphone', 'presentation']);
    const videosIn = async (file: string) => codecs(await ffprobe(path.join(dir, recording.id, file))).filter((c) => c.startsWith('video:')).length;
    expect(await videosIn(withSlides.segments[0]!.file)).toBe(2);
    expect(await videosIn(ready.parts[0]!.segments[0]!.file)).toBe(1);

    // One span: the shared part, where the recording's timeline has it.
    const presentation = ready.presentation!;
    expect(presentation, logs()).toBeTruthy();
    sharedSec = withSlides.segments.reduce((n, s) => n + s.durationSec, 0);
    expect(presentation.spans).toEqual([{ startSec: withSlides.segments[0]!.startSec, durationSec: expect.closeTo(sharedSec, 2) as number, atSec: 0 }]);
    // Its playlist: video only, as long as the span; the program's: the speaker's picture and sound.
    const slides = await ffprobe(path.join(dir, recording.id, presentation.playlist));
    expect(codecs(slides)).toEqual(['video:h264']);
    expect(Math.abs(slides.format.duration! - sharedSec)).toBeLessThan(1);
    const program = await ffprobe(path.join(dir, recording.id, ready.master!));
    expect(codecs(program)).toEqual(['audio:aac', 'video:h264']);
    const source = ready.renditions.find((r) => r.name === 'source')!;
    expect(presentation.width).toBeGreaterThan(0);
    console.log(JSON.stringify({ event: 'recorded-presentation', recordedSec: ready.durationSec, sharedSec, spans: presentation.spans, slides: { width: presentation.width, height: presentation.height, hlsSec: slides.format.duration }, speaker: { width: source.width, height: source.height }, parts: ready.parts.length }));
  }, 240_000);

  it('the replay shows the slides beside the speaker while they were shared, one at a time on a narrow screen', async () => {
    await waitFor('the row to say ready', async () => ((await db.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).status === 'ready' ? true : undefined));
    const page: Page = await vietnamesePage(browser);
    await page.goto(`${stack.url}/replay/${recordingId}#token=${stack.operatorToken}`);
    const speaker = page.getByTestId('replay-video');
    const slides = page.getByTestId('replay-presentation-video');
    const shown = page.getByTestId('replay-presentation');
    await speaker.waitFor({ timeout: 20_000 });
    await slides.waitFor({ state: 'attached' });
    const span = ready.presentation!.spans[0]!;
    const playFrom = (sec: number) =>
      speaker.evaluate((v: HTMLVideoElement, at: number) => {
        v.muted = true;
        v.currentTime = at;
        return v.play();
      }, sec);
    const framesOf = (video: typeof slides) => video.evaluate((v: HTMLVideoElement) => ({ frames: v.getVideoPlaybackQuality().totalVideoFrames, width: v.videoWidth, time: v.currentTime }));

    // Before the slides: the speaker only, the slides' place says nothing was shared.
    await playFrom(1);
    await waitFor('no slides at 1 s', async () => ((await shown.getAttribute('data-sharing')) === 'false' ? true : undefined), 15_000, 100);
    expect(await page.getByText('Không có trình chiếu ở đoạn này').isVisible()).toBe(true);

    // Into the shared stretch: the slides decode, at their own time, beside (left of) the speaker.
    await playFrom(span.startSec + 1);
    await waitFor('slides shown', async () => ((await shown.getAttribute('data-sharing')) === 'true' ? true : undefined), 15_000, 100);
    const firstFrames = await waitFor('slide frames', async () => {
      const f = await framesOf(slides);
      return f.frames > 0 && f.width > 0 ? f : undefined;
    }, 20_000, 100);
    await waitFor('more slide frames', async () => ((await framesOf(slides)).frames > firstFrames.frames + 5 ? true : undefined), 20_000, 100);
    const { time: slidesAt } = await framesOf(slides);
    const { time: speakerAt } = await framesOf(speaker);
    // The slides' clock follows the speaker's, shifted to the presentation's own timeline.
    expect(Math.abs(slidesAt - (speakerAt - span.startSec + span.atSec))).toBeLessThan(1.5);
    const a = (await slides.boundingBox())!;
    const b = (await speaker.boundingBox())!;
    expect(a.x + a.width).toBeLessThanOrEqual(b.x);
    await screenshotForDocs(page, 'replay-presentation.png');

    // Narrow: the slides alone, a click shows the speaker.
    await page.setViewportSize({ width: 600, height: 900 });
    await waitFor('only the slides', async () => ((await speaker.isHidden()) ? true : undefined), 5_000, 100);
    expect(await slides.isVisible()).toBe(true);
    await screenshotForDocs(page, 'replay-presentation-narrow.png');
    await page.getByTestId('replay-layout-switch').click();
    await waitFor('only the speaker', async () => ((await slides.isHidden()) ? true : undefined), 5_000, 100);
    expect(await speaker.isVisible()).toBe(true);

    // Past the shared stretch (the speaker went on alone): no slides again.
    await page.setViewportSize({ width: 1366, height: 768 });
    await playFrom(span.startSec + span.durationSec + 0.5);
    await waitFor('no slides after the span', async () => ((await shown.getAttribute('data-sharing')) === 'false' ? true : undefined), 15_000, 100);
    expect(await page.getByText('Không có trình chiếu ở đoạn này').isVisible()).toBe(true);
    await page.context().close();
  }, 120_000);
});
