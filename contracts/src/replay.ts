import { z } from 'zod';
import { idSchema } from './media.js';
import { instantSchema, pageOf, pageQuerySchema, uuidSchema } from './paging.js';
import { chapterSchema, presentationSpanSchema, recordingStatusSchema } from './recordings.js';
import { reportQuerySchema } from './reports.js';

/**
 * The replay library and study tracking: what members and operators do with a recording after
 * the recorder has written it (recordings.ts describes the storage side).
 */

export const recordingListQuerySchema = pageQuerySchema.extend({
  status: recordingStatusSchema.optional(),
  /** Recordings of conferences hosted in this unit's subtree. */
  under: uuidSchema.optional(),
  /** Recordings of conferences that started at or after this instant. */
  from: instantSchema.optional(),
  /** … and before this one. */
  to: instantSchema.optional(),
});

/** The caller's own study of one recording. */
export const myStudySchema = z.object({
  /** Where playback should resume, media seconds. */
  positionSec: z.number().min(0),
  watchedSec: z.number().min(0),
  /** watched / duration, 0..1 */
  share: z.number().min(0).max(1),
  /** Share at or above the threshold, and the test (if any) passed. */
  completed: z.boolean(),
  testScore: z.number().min(0).max(100).nullable(),
  testPassed: z.boolean().nullable(),
  reflectionSubmitted: z.boolean(),
  /** The member's own reflection as handed in (shown back to them), null before. */
  reflection: z.string().nullable(),
  reflectionMark: z.number().min(0).max(10).nullable(),
});
export type MyStudy = z.infer<typeof myStudySchema>;

export const recordingSummarySchema = z.object({
  id: uuidSchema,
  conferenceId: uuidSchema,
  title: z.string(),
  hostUnitId: uuidSchema,
  hostUnitName: z.string(),
  status: recordingStatusSchema,
  startedAt: z.string().nullable(),
  durationSec: z.number().min(0).nullable(),
  secret: z.boolean(),
  /** The caller's watched share, 0..1 (0 when never played). */
  myShare: z.number().min(0).max(1),
  myCompleted: z.boolean(),
  /** Watched enough, and only the test is missing: the library says so, not just "watched 100 %". */
  myTestPending: z.boolean(),
});
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;
export const recordingPageSchema = pageOf(recordingSummarySchema);

export const testQuestionSchema = z.strictObject({
  prompt: z.string().trim().min(1).max(1000),
  choices: z.array(z.string().trim().min(1).max(500)).min(2).max(8),
  /** index into `choices` */
  correct: z.number().int().min(0),
});
export type TestQuestion = z.infer<typeof testQuestionSchema>;

/** What an operator attaches to a recording: a multiple-choice test and/or a reflection to write. */
export const studyAssignmentInputSchema = z
  .strictObject({
    questions: z.array(testQuestionSchema).max(50).default([]),
    /** Percentage of correct answers needed to pass. */
    passMark: z.number().int().min(0).max(100).default(70),
    /** The "bài thu hoạch" to write; null means none is asked. */
    reflectionPrompt: z.string().trim().min(1).max(2000).nullable().default(null),
  })
  .refine((a) => a.questions.every((q) => q.correct < q.choices.length), { message: 'each correct answer must be one of its choices', path: ['questions'] })
  .refine((a) => a.questions.length > 0 || a.reflectionPrompt !== null, { message: 'ask a test, a reflection, or both' });
export type StudyAssignmentInput = z.output<typeof studyAssignmentInputSchema>;

/** The assignment as a member sees it: the answers stay on the server. */
export const studyAssignmentSchema = z.object({
  questions: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()) })),
  passMark: z.number().int().min(0).max(100),
  reflectionPrompt: z.string().nullable(),
});
export type StudyAssignment = z.infer<typeof studyAssignmentSchema>;

/** The assignment with its answers, for those who set it (the editor opens on what was saved). */
export const studyAssignmentWithAnswersSchema = z.object({
  questions: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()), correct: z.number().int().min(0) })),
  passMark: z.number().int().min(0).max(100),
  reflectionPrompt: z.string().nullable(),
});
export type StudyAssignmentWithAnswers = z.infer<typeof studyAssignmentWithAnswersSchema>;

export const renditionViewSchema = z.object({
  name: z.enum(['source', 'low', 'audio']),
  bandwidth: z.number().int().positive(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});

export const recordingDetailSchema = recordingSummarySchema.extend({
  renditions: z.array(renditionViewSchema),
  chapters: z.array(chapterSchema),
  /**
   * Signed URLs (path-relative to the deployment), valid for a limited time and for this recording
   * only; null while the recording is not playable.
   */
  media: z
    .object({
      master: z.string(),
      poster: z.string().nullable(),
      /** The shared screen's playlist (video only) and when it was shared; null: never shared. */
      presentation: z.object({ playlist: z.string(), spans: z.array(presentationSpanSchema) }).nullable(),
      expiresAt: z.string(),
    })
    .nullable(),
  assignment: studyAssignmentSchema.nullable(),
  myStudy: myStudySchema,
  /** The share of the recording a member must watch to complete it. */
  completionThreshold: z.number().min(0).max(1),
});
export type RecordingDetail = z.infer<typeof recordingDetailSchema>;

/** A stretch of media actually played, in media seconds. */
export const watchedIntervalSchema = z.strictObject({
  startSec: z.number().min(0).max(1e6),
  endSec: z.number().min(0).max(1e6),
});
export type WatchedInterval = z.infer<typeof watchedIntervalSchema>;

export const studyProgressSchema = z.strictObject({
  intervals: z.array(watchedIntervalSchema).max(500),
  positionSec: z.number().min(0).max(1e6),
});

export const testAnswersSchema = z.strictObject({ answers: z.array(z.number().int().min(0)).max(50) });
export const testResultSchema = z.object({ score: z.number().min(0).max(100), passed: z.boolean(), correct: z.number().int().min(0), total: z.number().int().min(0) });

export const reflectionInputSchema = z.strictObject({ text: z.string().trim().min(20, 'write at least 20 characters').max(20_000) });
export const reflectionMarkSchema = z.strictObject({ mark: z.number().min(0).max(10), comment: z.string().trim().max(2000).optional() });
export const reflectionRecordSchema = z.object({
  recordingId: uuidSchema,
  personId: idSchema,
  text: z.string(),
  submittedAt: z.string(),
  mark: z.number().min(0).max(10).nullable(),
  comment: z.string().nullable(),
  markedBy: z.string().nullable(),
});
export type ReflectionRecord = z.infer<typeof reflectionRecordSchema>;

export const reflectionListQuerySchema = pageQuerySchema.extend({
  under: uuidSchema.optional(),
  /** only those not marked yet */
  unmarked: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const reflectionPageSchema = pageOf(reflectionRecordSchema.extend({ displayName: z.string(), unitName: z.string() }));

/** Who, besides the host's operators, may see a secret conference's recordings. */
export const conferenceSecrecySchema = z.strictObject({
  secret: z.boolean(),
  allowedPersonIds: z.array(uuidSchema).max(10_000).default([]),
});
export const conferenceSecrecyRecordSchema = z.object({ conferenceId: uuidSchema, secret: z.boolean(), allowedPersonIds: z.array(uuidSchema) });

export const studyReportQuerySchema = reportQuerySchema.extend({
  /** The subtree to report on (default: the caller's scope). */
  under: uuidSchema.optional(),
  lang: z.enum(['vi', 'en']).default('vi'),
});
