import { loadConfigOrExit, metricsRequestListener, queues, recordingJobs, type RecordingJobName } from '@lienthong/contracts';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { locateFfmpeg } from './ffmpeg/locate.js';
import type { JobContext, JobHandler } from './job/context.js';
import { finishRecording } from './job/finish-recording.js';
import { recordConference } from './job/record-conference.js';
import { ControlPlaneLink } from './link/control-plane-link.js';
import { RecorderMetrics } from './metrics/recorder-metrics.js';
import { DirectoryStorage } from './storage/directory-storage.js';

const config = loadConfigOrExit('recorder', () => loadConfig());
const logger = pino({ name: 'recorder', level: config.LOG_LEVEL });

const ffmpeg = await locateFfmpeg(config.FFMPEG_PATH).catch((err: Error) => {
  logger.fatal(err.message);
  process.exit(1);
});
await mkdir(config.RECORDINGS_DIR, { recursive: true });
logger.info({ ffmpeg: ffmpeg.path, version: ffmpeg.version, source: ffmpeg.source, dir: config.RECORDINGS_DIR }, 'ffmpeg ready');

const link = new ControlPlaneLink(config.CONTROL_PLANE_URL, config.RECORDER_TOKEN, {
  onRenewed: (_, expiresAt) => logger.info({ expiresAt: new Date(expiresAt).toISOString() }, 'recorder token renewed'),
  onError: (err) => logger.warn({ err }, 'cannot renew the recorder token yet; trying again'),
});
await link.connected().catch((err: Error) => {
  logger.fatal(err.message);
  process.exit(1);
});

// The compiler checks every job type has exactly one handler.
const handlers: { [K in RecordingJobName]: JobHandler<K> } = {
  'record-conference': recordConference,
  'finish-recording': finishRecording,
};

const connection = () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue(queues.recording, { connection: connection(), prefix: config.REDIS_PREFIX });
const metrics = new RecorderMetrics(() => queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'));
const ctx: JobContext = {
  config,
  ffmpeg: ffmpeg.path,
  storage: new DirectoryStorage(config.RECORDINGS_DIR),
  link,
  logger,
  metrics,
  async enqueueFinish(job) {
    // Below every recording (BullMQ: a larger number is a lower priority).
    await queue.add('finish-recording', recordingJobs['finish-recording'].parse(job), { jobId: `finish-${job.recordingId}`, priority: 10, removeOnComplete: 1000, removeOnFail: 1000 });
  },
};

async function run(job: Job): Promise<void> {
  const name = job.name as RecordingJobName;
  const schema = recordingJobs[name];
  if (!schema) throw new Error(`no handler for job ${job.name}`);
  await metrics.track(name, () => (handlers[name] as JobHandler<typeof name>)(ctx, schema.parse(job.data) as never));
}

const worker = new Worker(queues.recording, run, {
  connection: connection(),
  prefix: config.REDIS_PREFIX,
  concurrency: config.CONCURRENCY,
  // A crashed recorder's job goes to a live worker once its lock lapses (found by the next
  // stalled-job check); crashes are expected and each one only adds a part, so a job may stall
  // many times. Renewed every quarter of the lock: a live recorder keeps its job through a stall
  // of three quarters of it.
  lockDuration: config.JOB_LOCK_MS,
  lockRenewTime: Math.floor(config.JOB_LOCK_MS / 4),
  stalledInterval: Math.max(250, Math.floor(config.JOB_LOCK_MS / 4)),
  maxStalledCount: 1000,
});
worker.on('error', (err) => logger.error({ err }, 'queue connection error'));
worker.on('failed', (job, err) => logger.error({ job: job?.id, err: err.message }, 'recording job failed'));
// This process stalled past its lock: another recorder may be continuing these recordings.
worker.on('lockRenewalFailed', (jobIds) => logger.error({ jobs: jobIds }, 'could not renew job locks'));
await worker.waitUntilReady();
logger.info({ queue: queues.recording, concurrency: config.CONCURRENCY }, 'recorder waiting for jobs');

// Its own listener (off unless METRICS_PORT is set), for the scraper only.
const metricsHttp = config.METRICS_PORT === undefined ? null : createServer(metricsRequestListener(metrics.registry, config.METRICS_TOKEN));
metricsHttp?.once('error', (err) => {
  logger.fatal({ err, port: config.METRICS_PORT }, 'cannot open the metrics listener');
  process.exit(1);
});
metricsHttp?.listen(config.METRICS_PORT, config.METRICS_HOST, () => logger.info({ address: metricsHttp.address() }, 'metrics listening'));

async function shutdown(): Promise<void> {
  // Without waiting for the recordings: each ffmpeg closes its segment as this process ends, and
  // another recorder continues the job when its lock lapses.
  metricsHttp?.close();
  await worker.close(true);
  link.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
