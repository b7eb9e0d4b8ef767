// Whether a person's study of a recording counts as complete, and the test's grade. Pure.
import type { TestQuestion } from '@lienthong/contracts';

export interface CompletionInput {
  share: number;
  threshold: number;
  /** Whether the recording has a multiple-choice test. */
  hasTest: boolean;
  testPassed: boolean | null;
}

/** Watched enough, and passed the test when there is one. (A reflection is marked apart, it does not gate completion.) */
export const isCompleted = ({ share, threshold, hasTest, testPassed }: CompletionInput) =>
  share >= threshold && (!hasTest || testPassed === true);

export interface Grade {
  correct: number;
  total: number;
  /** percentage, 0..100, one decimal */
  score: number;
  passed: boolean;
}

/** Grades answers by position; a missing or out-of-range answer is wrong. */
export function gradeTest(questions: readonly TestQuestion[], answers: readonly number[], passMark: number): Grade {
  const total = questions.length;
  const correct = questions.filter((q, i) => answers[i] === q.correct).length;
  const score = total === 0 ? 0 : Math.round((correct / total) * 1000) / 10;
  return { correct, total, score, passed: total > 0 && score >= passMark };
}
