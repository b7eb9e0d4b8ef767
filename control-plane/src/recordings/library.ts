// The replay library: which recordings a person may see, as list rows and as one playable detail.
import {
  LienthongError,
  type MyStudy,
  type RecordingDetail,
  type RecordingManifest,
  type RecordingSummary,
  type recordingListQuerySchema,
} from '@lienthong/contracts';
import type { z } from 'zod';
import type { Actor } from '../auth/scope.js';
import { escapeLike } from '../domain/like.js';
import { page } from '../domain/page.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toMyStudy } from './study-state.js';
import { conferencesWithVisibleRecordings, touchingSubtree } from './visibility.js';

const summaryInclude = (personId: string) =>
  ({
    conference: { select: { title: true, hostUnitId: true, secret: true, scheduledStart: true, hostUnit: { select: { name: true, path: true } } } },
    assignment: { select: { questions: true } },
    studies: { where: { personId } },
  }) satisfies Prisma.RecordingInclude;
type RecordingRow = Prisma.RecordingGetPayload<{ include: ReturnType<typeof summaryInclude> }>;

export const hasTest = (assignment: { questions: unknown } | null) => Array.isArray(assignment?.questions) && assignment.questions.length > 0;

function summary(row: RecordingRow, threshold: number, durationSec = row.durationSec ?? 0): RecordingSummary & { study: MyStudy } {
  const study = toMyStudy(row.studies[0], durationSec, threshold, hasTest(row.assignment));
  return {
    id: row.id,
    conferenceId: row.conferenceId,
    title: row.conference.title,
    hostUnitId: row.conference.hostUnitId,
    hostUnitName: row.conference.hostUnit.name,
    status: row.status,
    startedAt: (row.startedAt ?? row.conference.scheduledStart).toISOString(),
    durationSec: row.durationSec,
    secret: row.conference.secret,
    myShare: study.share,
    myCompleted: study.completed,
    myTestPending: !study.completed && study.share >= threshold && hasTest(row.assignment) && study.testPassed !== true,
    study,
  };
}

export interface ListOptions {
  /** The subtree asked for with `under`, already checked against the actor's scope. */
  under?: string;
  threshold: number;
}

export function listRecordings(prisma: Prisma.TransactionClient, actor: Actor, q: z.output<typeof recordingListQuerySchema>, options: ListOptions) {
  const conference: Prisma.ConferenceWhereInput = {
    AND: [
      conferencesWithVisibleRecordings(actor),
      options.under ? touchingSubtree(options.under) : {},
      q.q ? { title: { contains: escapeLike(q.q), mode: 'insensitive' } } : {},
      q.from || q.to ? { scheduledStart: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {},
    ],
  };
  const where: Prisma.RecordingWhereInput = { conference, ...(q.status ? { status: q.status } : {}) };
  return page(
    q,
    () => prisma.recording.count({ where }),
    async (w) =>
      (
        await prisma.recording.findMany({
          where,
          include: summaryInclude(actor.claims.sub),
          orderBy: [{ conference: { scheduledStart: 'desc' } }, { id: 'asc' }],
          ...w,
        })
      ).map((row) => {
        const { study: _study, ...rest } = summary(row, options.threshold);
        return rest;
      }),
  );
}

/** A recording the actor may see, with its unit path for audit entries; null when it is not visible. */
/**
 * The recording if the actor may see it (`row`: null if not), and its conference's audience
 * version, read before the visibility check: a media URL signed with it cannot outlive an audience
 * change that committed while the check ran.
 */
export async function findVisibleRecording(prisma: Prisma.TransactionClient, actor: Actor, id: string) {
  const exists = await prisma.recording.findUnique({
    where: { id },
    select: { conference: { select: { audienceVersion: true, hostUnit: { select: { path: true } } } } },
  });
  if (!exists) throw new LienthongError('NOT_FOUND', `No recording ${id}`);
  const row = await prisma.recording.findFirst({ where: { id, conference: conferencesWithVisibleRecordings(actor) }, include: summaryInclude(actor.claims.sub) });
  return { row, hostPath: exists.conference.hostUnit.path, audienceVersion: exists.conference.audienceVersion };
}

export interface MediaLinks {
  /** Signed prefix under which the recording's files are served: `/api/recordings/<id>/media/<token>/`. */
  prefix: string;
  expiresAt: Date;
}

export function recordingDetail(
  row: RecordingRow,
  manifest: RecordingManifest | null,
  links: MediaLinks | null,
  assignment: RecordingDetail['assignment'],
  threshold: number,
): RecordingDetail {
  const { study, ...base } = summary(row, threshold, row.durationSec ?? manifest?.durationSec ?? 0);
  const playable = manifest?.master && links;
  return {
    ...base,
    durationSec: base.durationSec ?? manifest?.durationSec ?? null,
    renditions: (manifest?.renditions ?? []).map(({ name, bandwidth, width, height }) => ({ name, bandwidth, width, height })),
    chapters: manifest?.chapters ?? [],
    media: playable
      ? {
          master: `${links.prefix}${manifest.master}`,
          poster: manifest.poster ? `${links.prefix}${manifest.poster}` : null,
          presentation: manifest.presentation ? { playlist: `${links.prefix}${manifest.presentation.playlist}`, spans: manifest.presentation.spans } : null,
          expiresAt: links.expiresAt.toISOString(),
        }
      : null,
    assignment,
    myStudy: study,
    completionThreshold: threshold,
  };
}
