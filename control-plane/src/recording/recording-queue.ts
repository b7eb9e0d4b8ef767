import { queues, recordingJobs, type RecordingJob } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * The control plane's side of the recording queue: it only adds jobs, recorders run them. The job
 * id is the recording id, so asking twice (two replicas, a retried request) adds one job.
 */
export class RecordingQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(redisUrl: string, prefix: string, logger: Logger) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => logger.warn({ err: err.message }, 'recording queue: redis connection problem'));
    this.queue = new Queue(queues.recording, { connection: this.connection, prefix });
  }

  async record(job: RecordingJob<'record-conference'>): Promise<void> {
    const data = recordingJobs['record-conference'].parse(job);
    await this.queue.add('record-conference', data, { jobId: `record-${data.recordingId}`, removeOnComplete: 1000, removeOnFail: 1000 });
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}
