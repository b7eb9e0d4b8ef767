// Study of a recording: the member's own progress, test and reflection; the operator's
// assignment, marking and reports.
import { LienthongError, type Endpoint } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { hasTest } from '../../recordings/library.js';
import type { ReplayDeps } from '../../recordings/replay-deps.js';
import { studyByMember, studyByUnit } from '../../recordings/study-report.js';
import { toMyStudy } from '../../recordings/study-state.js';
import { fullAssignment, markReflection, recordProgress, requireReflection, setAssignment, submitReflection, submitTest, toReflection } from '../../recordings/study.js';
import { textSearch } from '../../domain/like.js';
import { page } from '../../domain/page.js';
import type { Call, Mount } from '../endpoint.js';
import { visibleRecording } from './recording-access.js';

export function mountStudyRoutes(mount: Mount, { db, replay }: { db: Database; replay: ReplayDeps }) {
  const durationOf = async (row: { storageKey: string; durationSec: number | null }) =>
    row.durationSec ?? (await replay.storage.readManifest(row.storageKey))?.durationSec ?? 0;

  mount('recordings.progress', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const durationSec = await durationOf(row);
    if (!(durationSec > 0)) throw new LienthongError('CONFLICT', 'The recording has no known duration yet');
    const record = await db.prisma.$transaction((tx) => recordProgress(tx, call.actor, { id: row.id, durationSec }, call.body));
    return toMyStudy(record, durationSec, replay.completionThreshold, hasTest(row.assignment));
  });

  mount('recordings.submitTest', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    return db.prisma.$transaction((tx) => submitTest(tx, call.actor, row.id, call.body.answers));
  });

  mount('recordings.submitReflection', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    return db.prisma.$transaction((tx) => submitReflection(tx, call.actor, row.id, call.body.text));
  });

  /** The host unit's path, once the caller may set what the recording's members must do. */
  const requireEditor = async (call: Pick<Call<Endpoint>, 'requireScope'>, row: { id: string; conference: { hostUnitId: string } }) => {
    const host = await db.prisma.unit.findUniqueOrThrow({ where: { id: row.conference.hostUnitId }, select: { path: true } });
    // Only those who run the host's subtree set what its members must do (and read its answers).
    await call.requireScope(host.path, row.id);
    return host;
  };

  mount('recordings.assignment', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    await requireEditor(call, row);
    const assignment = await db.prisma.studyAssignment.findUnique({ where: { recordingId: row.id } });
    return assignment && fullAssignment(assignment);
  });

  mount('recordings.setAssignment', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const host = await requireEditor(call, row);
    return call.change(async (tx) => ({
      result: await setAssignment(tx, call.actor, row.id, call.body),
      resourceId: row.id,
      unitPath: host.path,
      details: { questions: call.body.questions.length, passMark: call.body.passMark, reflection: call.body.reflectionPrompt !== null },
    }));
  });

  mount('recordings.reflections', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const root = await call.listRoot(call.query.under);
    const where = {
      recordingId: row.id,
      reflection: { not: null },
      unit: { path: { startsWith: root } },
      ...(call.query.unmarked !== undefined ? { reflectionMark: call.query.unmarked ? null : { not: null } } : {}),
      ...textSearch(['reflection'], call.query.q),
    };
    return page(
      call.query,
      () => db.prisma.studyRecord.count({ where }),
      async (w) => {
        const records = await db.prisma.studyRecord.findMany({ where, include: { unit: { select: { name: true } } }, orderBy: [{ reflectionAt: 'asc' }, { personId: 'asc' }], ...w });
        const people = await db.prisma.person.findMany({
          where: { id: { in: records.map((r) => r.personId).filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } },
          select: { id: true, displayName: true },
        });
        const names = new Map(people.map((p) => [p.id, p.displayName]));
        return records.map((r) => ({ ...toReflection(r), displayName: names.get(r.personId) ?? r.personId, unitName: r.unit.name }));
      },
    );
  });

  mount('recordings.markReflection', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const reflection = await requireReflection(db.prisma, row.id, call.params.personId);
    await call.requireScope(reflection.unit.path, row.id);
    return call.change(async (tx) => ({
      result: await markReflection(tx, call.actor, reflection, call.body),
      resourceId: row.id,
      unitPath: reflection.unit.path,
      details: { personId: reflection.personId, mark: call.body.mark },
    }));
  });

  const reportRecording = async (row: Awaited<ReturnType<typeof visibleRecording>>) => ({
    id: row.id,
    title: row.conference.title,
    durationSec: await durationOf(row),
    hasTest: hasTest(row.assignment),
  });

  mount('recordings.studyByUnit', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const root = await call.listRoot(call.query.under);
    return studyByUnit(db.prisma, await reportRecording(row), root, replay.completionThreshold, call.query.lang);
  });

  mount('recordings.studyByMember', async (call) => {
    const row = await visibleRecording(db, call, call.params.id);
    const root = await call.listRoot(call.query.under);
    return studyByMember(db.prisma, await reportRecording(row), root, replay.completionThreshold, call.query.lang);
  });
}
