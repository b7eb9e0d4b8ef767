// A stored study record read back: ranges, share, completion. Pure.
import type { MyStudy } from '@lienthong/contracts';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { isCompleted } from './completion.js';
import { watchedShare, type Range } from './watched-intervals.js';

export type StudyRow = Prisma.StudyRecordGetPayload<object>;

const storedRangesSchema = z.array(z.tuple([z.number(), z.number()]));

/** The merged ranges kept in a study record (written only by this module's callers, still checked). */
export const storedRanges = (row: Pick<StudyRow, 'intervals'> | undefined): Range[] => (row ? storedRangesSchema.parse(row.intervals) : []);

export function toMyStudy(row: StudyRow | undefined, durationSec: number, threshold: number, hasTest: boolean): MyStudy {
  const share = watchedShare(storedRanges(row), durationSec);
  return {
    positionSec: row?.positionSec ?? 0,
    watchedSec: row?.watchedSec ?? 0,
    share,
    completed: isCompleted({ share, threshold, hasTest, testPassed: row?.testPassed ?? null }),
    testScore: row?.testScore ?? null,
    testPassed: row?.testPassed ?? null,
    reflectionSubmitted: row?.reflection != null,
    reflection: row?.reflection ?? null,
    reflectionMark: row?.reflectionMark ?? null,
  };
}
