import type { SchedulingJob, SchedulingJobName } from '@lienthong/contracts';
import type { Database } from '../db/database.js';
import type { ConferenceEndings } from '../live/conference-endings.js';
import type { Logger } from '../logger.js';

export interface JobContext {
  db: Database;
  logger: Logger;
  /** Recorded conferences start recording when they open. */
  recordings?: { conferenceOpened(conferenceId: string): Promise<void> };
  /** Sites still connected when a conference closes are told and let go, on every replica. */
  endings?: ConferenceEndings;
}

/** One job type's work. Handlers must be idempotent: a job can run again after a crash. */
export type JobHandler<K extends SchedulingJobName> = (ctx: JobContext, payload: SchedulingJob<K>) => Promise<void>;
