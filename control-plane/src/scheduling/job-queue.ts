// Everything timed goes through one BullMQ queue. Jobs live in Redis, so they survive a restart
// of every control plane; each job id is derived from what it does (conference, action,
// instant), so replicas scheduling the same thing add one job, and BullMQ's lock runs it once.
import { queues, schedulingJobs, type SchedulingJob, type SchedulingJobName, statusesAllowing } from '@lienthong/contracts';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { MetricEvents } from '../metrics/metric-events.js';
import { closeConference } from './handlers/close-conference.js';
import { makeMinutes } from './handlers/make-minutes.js';
import { openConference } from './handlers/open-conference.js';
import type { JobContext, JobHandler } from './job-handler.js';

// The compiler checks every job type has exactly one handler.
const handlers: { [K in SchedulingJobName]: JobHandler<K> } = {
  'open-conference': openConference,
  'close-conference': closeConference,
  'make-minutes': makeMinutes,
};

export interface JobQueueOptions {
  redisUrl: string;
  /** Redis key prefix: separates deployments (and test files) sharing one Redis. */
  prefix: string;
  db: Database;
  logger: Logger;
  /** false: enqueue only, run nothing here. */
  runWorker?: boolean;
  recordings?: JobContext['recordings'];
  endings?: JobContext['endings'];
  minutes?: JobContext['minutes'];
  /** Where each attempt's outcome is counted. */
  metrics?: Pick<MetricEvents, 'jobFinished'>;
}

export interface ScheduledTimes {
  id: string;
  scheduledStart: string | Date;
  scheduledEnd: string | Date;
}

const iso = (t: string | Date) => new Date(t).toISOString();
export const jobId = (name: SchedulingJobName, conferenceId: string, at: string) =>
  `${name}-${conferenceId}-${new Date(at).getTime()}`;

export class JobQueue {
  private readonly connections: Redis[] = [];
  private readonly queue: Queue;
  private readonly worker: Worker | null;

  constructor(private readonly o: JobQueueOptions) {
    const connect = () => {
      const c = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
      c.on('error', (err) => o.logger.warn({ err }, 'redis connection error'));
      this.connections.push(c);
      return c;
    };
    this.queue = new Queue(queues.scheduling, { connection: connect(), prefix: o.prefix });
    this.worker =
      o.runWorker === false
        ? null
        : new Worker(queues.scheduling, (job) => this.run(job), { connection: connect(), prefix: o.prefix, concurrency: 8 });
    this.worker?.on('failed', (job, err) => {
      o.logger.error({ err, job: job?.id }, 'scheduled job failed');
      o.metrics?.jobFinished(job?.name ?? 'unknown', 'failed');
    });
    this.worker?.on('completed', (job) => o.metrics?.jobFinished(job.name, 'completed'));
  }

  /** Open and close jobs at the conference's times (replacing none: ids carry the times). */
  async schedule(c: ScheduledTimes): Promise<void> {
    await Promise.all([this.add('open-conference', c.id, iso(c.scheduledStart)), this.add('close-conference', c.id, iso(c.scheduledEnd))]);
  }

  /** The minutes of a conference, for one request (a new request is a new job). */
  async requestMinutes(conferenceId: string, requestedAt: Date): Promise<void> {
    const payload: SchedulingJob<'make-minutes'> = { conferenceId, requestedAt: requestedAt.toISOString() };
    await this.queue.add('make-minutes', payload, {
      jobId: jobId('make-minutes', conferenceId, payload.requestedAt),
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** Drops the jobs made for these times (a rescheduled or cancelled conference). */
  async unschedule(c: ScheduledTimes): Promise<void> {
    await Promise.all([
      this.queue.remove(jobId('open-conference', c.id, iso(c.scheduledStart))),
      this.queue.remove(jobId('close-conference', c.id, iso(c.scheduledEnd))),
    ]);
  }

  /** Re-adds the jobs of every conference still to open or close (idempotent: ids are deterministic). */
  async reconcile(): Promise<number> {
    const pending = await this.o.db.prisma.conference.findMany({
      where: { status: { in: statusesAllowing('end') } },
      select: { id: true, scheduledStart: true, scheduledEnd: true },
    });
    for (const c of pending) await this.schedule(c);
    return pending.length;
  }

  /** Jobs waiting for their time, for tests and health pages. */
  delayedJobIds = async () => (await this.queue.getDelayed()).map((j) => j.id!);

  /** Deletes the queue and all its jobs from Redis (tests sharing one Redis clean up with this). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => undefined)));
  }

  private async add<K extends SchedulingJobName>(name: K, conferenceId: string, at: string): Promise<void> {
    const payload = { conferenceId, at } as SchedulingJob<K>;
    await this.queue.add(name, payload, {
      jobId: jobId(name, conferenceId, at),
      delay: Math.max(0, Date.parse(at) - Date.now()),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  private async run(job: Job): Promise<void> {
    const name = job.name as SchedulingJobName;
    const schema = schedulingJobs[name];
    if (!schema) throw new Error(`no handler for job ${job.name}`);
    const handler = handlers[name] as JobHandler<typeof name>;
    const { db, logger, recordings, endings, minutes } = this.o;
    await handler({ db, logger, recordings, endings, minutes }, schema.parse(job.data));
  }
}
