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
  /** Ended conferences get their minutes; the minutes' own job makes them. */
  minutes?: MinutesJobs;
}

/** What jobs need of the minutes (minutes/minutes-service.ts). */
export interface MinutesJobs {
  conferencesEnded(conferenceIds: readonly string[]): Promise<void>;
  make(conferenceId: string, requestedAt: Date): Promise<void>;
}

/** One job type's work. Handlers must be idempotent: a job can run again after a crash. */
export type JobHandler<K extends SchedulingJobName> = (ctx: JobContext, payload: SchedulingJob<K>) => Promise<void>;
