import { queues } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../src/ffmpeg/locate.js';
import { RenditionPackager } from '../src/hls/packager.js';
import { renditionSpecs } from '../src/hls/renditions.js';
import { RecorderMetrics } from '../src/metrics/recorder-metrics.js';
import { DirectoryStorage } from '../src/storage/directory-storage.js';

const run = promisify(execFile);
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The recorder's metrics around real parts: ffmpeg packaging a segment, the shared queue in Redis. */
describe('recorder metrics', () => {
  let root: string;
  let ffmpeg: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lienthong-recorder-metrics-'));
    ffmpeg = (await locateFfmpeg(process.env.FFMPEG_PATH)).path;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const value = async (metrics: RecorderMetrics, name: string, labels: Record<string, string> = {}) => {
    const family = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_count$/, ''));
    return family?.values.find((v) => ((v as { metricName?: string }).metricName ?? family.name) === name && Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))?.value;
  };

  it('counts a segment waiting for packaging until ffmpeg has made it, and times it once', async () => {
    const metrics = new RecorderMetrics();
    const recordingId = 'metrics-recording';
    const storage = new DirectoryStorage(root);
    const archive = path.join(storage.workDir(recordingId), 'archive/p000');
    await mkdir(archive, { recursive: true });
    // One second of Opus, as a part's ffmpeg would have left it.
    await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'libopus', path.join(archive, 's00000.webm')]);
    const segment = { file: 'archive/p000/s00000.webm', startSec: 0, durationSec: 1, part: 0, hasVideo: false, hasAudio: true, presentationStream: null };

    const packager = new RenditionPackager(ffmpeg, storage, recordingId, renditionSpecs.audio, metrics);
    packager.enqueue(segment);
    expect(await value(metrics, 'lienthong_recorder_transcode_backlog_segments')).toBe(1);
    await expect.poll(() => value(metrics, 'lienthong_recorder_transcode_backlog_segments'), { timeout: 20_000 }).toBe(0);
    expect(await value(metrics, 'lienthong_recorder_transcode_duration_seconds_count')).toBe(1);

    // Made already (a job resumed after a crash): out of the backlog without an ffmpeg run.
    packager.enqueue(segment);
    await expect.poll(() => value(metrics, 'lienthong_recorder_transcode_backlog_segments')).toBe(0);
    expect(await value(metrics, 'lienthong_recorder_transcode_duration_seconds_count')).toBe(1);
  });

  it('counts a recording active while its job runs, and each outcome', async () => {
    const metrics = new RecorderMetrics();
    let release!: () => void;
    const job = metrics.track('record-conference', () => new Promise<void>((r) => (release = r)));
    expect(await value(metrics, 'lienthong_recorder_recordings_active')).toBe(1);
    release();
    await job;
    expect(await value(metrics, 'lienthong_recorder_recordings_active')).toBe(0);
    await expect(metrics.track('finish-recording', () => Promise.reject(new Error('no manifest')))).rejects.toThrow('no manifest');
    expect(await value(metrics, 'lienthong_recorder_jobs_total', { job_type: 'record-conference', outcome: 'completed' })).toBe(1);
    expect(await value(metrics, 'lienthong_recorder_jobs_total', { job_type: 'finish-recording', outcome: 'failed' })).toBe(1);
    expect(await value(metrics, 'lienthong_recorder_recordings_active')).toBe(0); // finishing is not recording
  });

  it("reads the shared queue's backlog from Redis when scraped", async () => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(queues.recording, { connection, prefix: `lienthong-test-${randomBytes(6).toString('hex')}` });
    try {
      const metrics = new RecorderMetrics(() => queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'));
      expect(await value(metrics, 'lienthong_recorder_queue_jobs', { state: 'prioritized' })).toBe(0);
      await queue.add('finish-recording', { recordingId: 'r', conferenceId: 'c' }, { priority: 10 });
      await queue.add('record-conference', { recordingId: 'r2', conferenceId: 'c' });
      expect(await value(metrics, 'lienthong_recorder_queue_jobs', { state: 'prioritized' })).toBe(1);
      expect(await value(metrics, 'lienthong_recorder_queue_jobs', { state: 'waiting' })).toBe(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });
});
