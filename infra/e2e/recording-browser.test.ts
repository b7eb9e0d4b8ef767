// The whole stack as `npm start` runs it (control plane, two media nodes, the recorder as
// processes), the hall a headless Chromium with a fake camera and microphone. The stack starts the
// demo conference's recording; the hall sends for ~20 s and leaves; the conference ends. ffprobe
// judges the HLS: video and audio, as long as the hall was on air while recorded.
import { queues, recordingManifestSchema } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startScratchStack, testRedisUrl } from '@lienthong/testing/scratch-stack';
import { demoConference, hallOnAir } from '@lienthong/testing/site-page';

describe('recording a browser hall', () => {
  const prefix = `lienthong-recb-${randomBytes(4).toString('hex')}`;
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let db: Database;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lienthong-recordings-'));
    stack = await startScratchStack(demoNodes(16020, 40), { port: 16015, withRecorder: true, recordingsDir: dir, recorderRtpPorts: [16100, 16199], redisPrefix: prefix });
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

  it('records the hall for ~20 s: ready, both streams, the duration within 1 s', async () => {
    const conference = await demoConference(stack);
    const recording = await waitFor('the demo recording', async () => (await db.prisma.recording.findFirst({ where: { conferenceId: conference.id } })) ?? undefined);
    const hall = await hallOnAir(browser, conference);
    const first = await waitFor('the first part', async () => {
      const m = await manifest(recording.id);
      return m?.parts.length ? m : undefined;
    }, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${logs()}`);
    });
    const t0 = Date.parse(first.parts[0]!.startedAt);

    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 20_000 - Date.now())));
    await hall.context().close();
    const mediaEndedAt = Date.now();
    await db.prisma.conference.update({ where: { id: conference.id }, data: { status: 'ended' } });
    const ready = await waitFor('the recording to be ready', async () => {
      const m = await manifest(recording.id);
      return m && (m.status === 'ready' || m.status === 'failed') ? m : undefined;
    }, 60_000);
    expect(ready.status, logs()).toBe('ready');
    // The manifest first, then the row (the recorder reports it to the control plane).
    await waitFor('the row to say ready', async () => ((await db.prisma.recording.findUniqueOrThrow({ where: { id: recording.id } })).status === 'ready' ? true : undefined));

    const archived = codecs(await ffprobe(path.join(dir, recording.id, ready.parts[0]!.segments[0]!.file)));
    expect(archived).toContain('audio:opus');
    expect(archived.some((c) => c === 'video:vp8' || c === 'video:h264')).toBe(true);
    const hls = await ffprobe(path.join(dir, recording.id, ready.master!));
    expect(codecs(hls)).toEqual(['audio:aac', 'video:h264']);
    const real = (mediaEndedAt - t0) / 1000;
    console.log(JSON.stringify({ realSec: real, recordedSec: ready.durationSec, hlsSec: hls.format.duration, parts: ready.parts.length }));
    expect(Math.abs(hls.format.duration! - real), `${JSON.stringify(ready.parts)}\n${logs()}`).toBeLessThan(1);
  }, 180_000);
});
