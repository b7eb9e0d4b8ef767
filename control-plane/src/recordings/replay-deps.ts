import type { RecordingStorage } from './storage.js';

/** What the replay routes need beyond the database and tokens. */
export interface ReplayDeps {
  storage: RecordingStorage;
  mediaTokenTtlSeconds: number;
  /** Share a member must play for the study to count as complete (STUDY_COMPLETION_THRESHOLD). */
  completionThreshold: number;
}
