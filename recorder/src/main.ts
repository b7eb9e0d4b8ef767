import { loadConfigOrExit, queues } from '@lienthong/contracts';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdir } from 'node:fs/promises';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { locateFfmpeg } from './ffmpeg/locate.js';

const config = loadConfigOrExit('recorder', () => loadConfig());
const logger = pino({ name: 'recorder', level: config.LOG_LEVEL });

const ffmpeg = await locateFfmpeg(config.FFMPEG_PATH).catch((err: Error) => {
  logger.fatal(err.message);
  process.exit(1);
});
await mkdir(config.RECORDINGS_DIR, { recursive: true });
logger.info({ ffmpeg: ffmpeg.path, version: ffmpeg.version, source: ffmpeg.source, dir: config.RECORDINGS_DIR }, 'ffmpeg ready');

// The recording job itself (PlainTransport consumers of the program -> ffmpeg segments -> HLS)
// arrives with the recorder issue; until then this worker refuses jobs instead of pretending.
const worker = new Worker(
  queues.recording,
  async (job) => {
    throw new Error(`recording job '${job.name}' is not implemented in this version`);
  },
  { connection: new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }), concurrency: config.CONCURRENCY, autorun: true },
);
worker.on('error', (err) => logger.error({ err }, 'queue connection error'));
await worker.waitUntilReady();
logger.info({ queue: queues.recording, concurrency: config.CONCURRENCY }, 'recorder waiting for jobs');

async function shutdown(): Promise<void> {
  await worker.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
