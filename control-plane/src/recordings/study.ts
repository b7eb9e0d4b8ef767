// Writes of a person's study: played stretches and resume position, test answers, reflection,
// and an operator's mark on a reflection. Each runs in the caller's transaction.
import {
  LienthongError,
  testQuestionSchema,
  type ReflectionRecord,
  type StudyAssignment,
  type StudyAssignmentInput,
  type StudyAssignmentWithAnswers,
  type WatchedInterval,
} from '@lienthong/contracts';
import { z } from 'zod';
import type { Actor } from '../auth/scope.js';
import type { Prisma } from '../generated/prisma/client.js';
import { gradeTest, type Grade } from './completion.js';
import { storedRanges, type StudyRow } from './study-state.js';
import { addReport, totalLength } from './watched-intervals.js';

const key = (personId: string, recordingId: string) => ({ personId_recordingId: { personId, recordingId } });

/** The actor's study record of a recording, created empty the first time, and locked for this transaction. */
async function lockedRecord(tx: Prisma.TransactionClient, actor: Actor, recordingId: string): Promise<StudyRow> {
  await tx.studyRecord.createMany({
    data: [{ personId: actor.claims.sub, recordingId, unitId: actor.claims.unit, intervals: [] }],
    skipDuplicates: true,
  });
  // Two reports of one player may arrive together: merge one after the other.
  await tx.$queryRaw`SELECT 1 FROM study_records WHERE person_id = ${actor.claims.sub} AND recording_id = ${recordingId}::uuid FOR UPDATE`;
  return tx.studyRecord.findUniqueOrThrow({ where: key(actor.claims.sub, recordingId) });
}

export async function recordProgress(
  tx: Prisma.TransactionClient,
  actor: Actor,
  recording: { id: string; durationSec: number },
  report: { intervals: WatchedInterval[]; positionSec: number },
): Promise<StudyRow> {
  const record = await lockedRecord(tx, actor, recording.id);
  const ranges = addReport(storedRanges(record), report.intervals, recording.durationSec);
  return tx.studyRecord.update({
    where: key(actor.claims.sub, recording.id),
    data: {
      intervals: ranges.map(([s, e]) => [s, e]),
      watchedSec: totalLength(ranges),
      positionSec: Math.min(report.positionSec, recording.durationSec),
      lastWatchedAt: new Date(),
    },
  });
}

const storedQuestionsSchema = z.array(testQuestionSchema);

export async function setAssignment(tx: Prisma.TransactionClient, actor: Actor, recordingId: string, input: StudyAssignmentInput): Promise<StudyAssignment> {
  const data = { questions: input.questions, passMark: input.passMark, reflectionPrompt: input.reflectionPrompt, updatedBy: actor.claims.sub };
  const row = await tx.studyAssignment.upsert({ where: { recordingId }, create: { recordingId, ...data }, update: data });
  return publicAssignment(row);
}

/** The assignment with its answers (for its editors only). */
export function fullAssignment(row: { questions: unknown; passMark: number; reflectionPrompt: string | null }): StudyAssignmentWithAnswers {
  return { questions: storedQuestionsSchema.parse(row.questions), passMark: row.passMark, reflectionPrompt: row.reflectionPrompt };
}

/** The assignment without its answers. */
export function publicAssignment(row: { questions: unknown; passMark: number; reflectionPrompt: string | null }): StudyAssignment {
  return {
    questions: storedQuestionsSchema.parse(row.questions).map(({ prompt, choices }) => ({ prompt, choices })),
    passMark: row.passMark,
    reflectionPrompt: row.reflectionPrompt,
  };
}

export async function submitTest(tx: Prisma.TransactionClient, actor: Actor, recordingId: string, answers: number[]): Promise<Grade> {
  const assignment = await tx.studyAssignment.findUnique({ where: { recordingId } });
  const questions = assignment ? storedQuestionsSchema.parse(assignment.questions) : [];
  if (!assignment || questions.length === 0) throw new LienthongError('CONFLICT', 'This recording has no test');
  const grade = gradeTest(questions, answers, assignment.passMark);
  const record = await lockedRecord(tx, actor, recordingId);
  // The best attempt counts: a second try can pass, never un-pass.
  if (record.testScore === null || grade.score >= record.testScore) {
    await tx.studyRecord.update({ where: key(actor.claims.sub, recordingId), data: { testScore: grade.score, testPassed: grade.passed, testAt: new Date() } });
  }
  return grade;
}

export function toReflection(row: StudyRow): ReflectionRecord {
  return {
    recordingId: row.recordingId,
    personId: row.personId,
    text: row.reflection ?? '',
    submittedAt: (row.reflectionAt ?? row.lastWatchedAt).toISOString(),
    mark: row.reflectionMark,
    comment: row.reflectionComment,
    markedBy: row.reflectionMarkedBy,
  };
}

export async function submitReflection(tx: Prisma.TransactionClient, actor: Actor, recordingId: string, text: string): Promise<ReflectionRecord> {
  const assignment = await tx.studyAssignment.findUnique({ where: { recordingId }, select: { reflectionPrompt: true } });
  if (!assignment?.reflectionPrompt) throw new LienthongError('CONFLICT', 'This recording asks for no reflection');
  const record = await lockedRecord(tx, actor, recordingId);
  if (record.reflectionMark !== null) throw new LienthongError('CONFLICT', 'The reflection has been marked already');
  const row = await tx.studyRecord.update({ where: key(actor.claims.sub, recordingId), data: { reflection: text, reflectionAt: new Date() } });
  return toReflection(row);
}

/** A handed-in reflection with the path of the unit it belongs to (for the scope check). */
export async function requireReflection(tx: Prisma.TransactionClient, recordingId: string, personId: string) {
  const row = await tx.studyRecord.findUnique({ where: key(personId, recordingId), include: { unit: { select: { path: true } } } });
  if (!row?.reflection) throw new LienthongError('NOT_FOUND', `No reflection by ${personId} on recording ${recordingId}`);
  return row;
}

export async function markReflection(tx: Prisma.TransactionClient, actor: Actor, row: StudyRow, mark: { mark: number; comment?: string }) {
  const updated = await tx.studyRecord.update({
    where: key(row.personId, row.recordingId),
    data: { reflectionMark: mark.mark, reflectionComment: mark.comment ?? null, reflectionMarkedBy: actor.claims.sub, reflectionMarkedAt: new Date() },
  });
  return toReflection(updated);
}
