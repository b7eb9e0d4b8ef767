import { z } from 'zod';
import { idSchema } from './media.js';
import { recordingStatusSchema } from './recordings.js';

/** A recording as the operator's start/stop endpoints answer it (the row the control plane keeps). */
export const recordingRecordSchema = z.object({
  id: idSchema,
  conferenceId: idSchema,
  status: recordingStatusSchema,
  /** directory of the recording in storage (its manifest.json is contracts/src/recordings.ts) */
  storageKey: z.string(),
  requestedBy: idSchema.nullable(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSec: z.number().nullable(),
  error: z.string().nullable(),
});
export type RecordingRecord = z.infer<typeof recordingRecordSchema>;
