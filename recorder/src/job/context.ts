import type { RecordingJob, RecordingJobName } from '@lienthong/contracts';
import type { Logger } from 'pino';
import type { RecorderConfig } from '../config.js';
import type { ControlPlaneLink } from '../link/control-plane-link.js';
import type { RecorderEvents } from '../metrics/recorder-metrics.js';
import type { RecordingStorage } from '../storage/storage.js';

export interface JobContext {
  config: RecorderConfig;
  ffmpeg: string;
  storage: RecordingStorage;
  link: ControlPlaneLink;
  logger: Logger;
  metrics: RecorderEvents;
  /** Adds the lower-priority finishing job of a recording that just became ready. */
  enqueueFinish(job: RecordingJob<'finish-recording'>): Promise<void>;
}

/** One job type's work. It may run again after a crash, and must continue rather than restart. */
export type JobHandler<K extends RecordingJobName> = (ctx: JobContext, payload: RecordingJob<K>) => Promise<void>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
