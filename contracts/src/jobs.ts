import { z } from 'zod';
import { idSchema } from './media.js';

/**
 * BullMQ job contracts: queue names and each job type's payload, shared by the control plane
 * (which enqueues) and the workers (which run them). One map, so a job type cannot exist on one
 * side only.
 */
export const queues = {
  recording: 'lienthong-recording',
  scheduling: 'lienthong-scheduling',
} as const;

export const recordingJobs = {
  /**
   * Record a conference's program into crash-safe segments until it ends, then its source HLS.
   * The job id is the recording id: a crashed worker's job is taken up by another and continues it.
   */
  'record-conference': z.object({ conferenceId: idSchema, recordingId: idSchema }),
  /** Lower priority, after the recording is ready: low and audio-only renditions, poster, chapters. */
  'finish-recording': z.object({ conferenceId: idSchema, recordingId: idSchema }),
};
export type RecordingJobName = keyof typeof recordingJobs;
export type RecordingJob<K extends RecordingJobName> = z.infer<(typeof recordingJobs)[K]>;

/**
 * Timed state changes of a conference. `at` is the scheduled instant the job was made for: a
 * conference rescheduled since then ignores the stale job.
 */
export const schedulingJobs = {
  'open-conference': z.object({ conferenceId: idSchema, at: z.iso.datetime() }),
  'close-conference': z.object({ conferenceId: idSchema, at: z.iso.datetime() }),
  /** The minutes of an ended conference; `requestedAt` names the request (a newer one supersedes it). */
  'make-minutes': z.object({ conferenceId: idSchema, requestedAt: z.iso.datetime() }),
};
export type SchedulingJobName = keyof typeof schedulingJobs;
export type SchedulingJob<K extends SchedulingJobName> = z.infer<(typeof schedulingJobs)[K]>;
