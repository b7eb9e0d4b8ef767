// Study reports of one recording over a subtree: one row per member, or one row per unit directly
// under the subtree's root (its whole subtree rolled up). Answered as TableReports, so they export
// as CSV/XLSX like every report.
import type { ReportColumn, TableReport } from '@lienthong/contracts';
import { unitSubtreeWhere } from '../domain/conferences.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toMyStudy, type StudyRow } from './study-state.js';

export interface ReportRecording {
  id: string;
  title: string;
  durationSec: number;
  hasTest: boolean;
}
type Lang = 'vi' | 'en';

const headers = {
  vi: {
    unitCode: 'Mã đơn vị', unitName: 'Đơn vị', username: 'Tài khoản', displayName: 'Họ tên', sharePercent: 'Đã xem (%)',
    watchedMinutes: 'Thời lượng xem (phút)', completed: 'Hoàn thành', testScore: 'Điểm kiểm tra', testPassed: 'Đạt kiểm tra',
    reflectionMark: 'Điểm thu hoạch', lastWatchedAt: 'Xem lần cuối', members: 'Đảng viên', studied: 'Đã học', completedCount: 'Hoàn thành',
    completionRate: 'Tỉ lệ hoàn thành (%)', passed: 'Đạt kiểm tra', averageScore: 'Điểm trung bình', total: 'Tổng cộng',
    byMember: 'Kết quả học tập theo đảng viên', byUnit: 'Kết quả học tập theo đơn vị',
  },
  en: {
    unitCode: 'Unit code', unitName: 'Unit', username: 'Username', displayName: 'Name', sharePercent: 'Watched (%)',
    watchedMinutes: 'Watched (minutes)', completed: 'Completed', testScore: 'Test score', testPassed: 'Test passed',
    reflectionMark: 'Reflection mark', lastWatchedAt: 'Last watched', members: 'Members', studied: 'Studied', completedCount: 'Completed',
    completionRate: 'Completion rate (%)', passed: 'Passed the test', averageScore: 'Average score', total: 'Total',
    byMember: 'Study by member', byUnit: 'Study by unit',
  },
} as const;

type ColumnType = NonNullable<ReportColumn['type']>;
type ColumnKey = Exclude<keyof (typeof headers)['vi'], 'total' | 'byMember' | 'byUnit'>;

/** Report columns in order, each headed in the asked language. */
const columns = (lang: Lang, types: Partial<Record<ColumnKey, ColumnType>>): ReportColumn[] =>
  (Object.entries(types) as [ColumnKey, ColumnType][]).map(([key, type]) => ({ key, header: headers[lang][key], type }));

interface MemberStudy {
  personId: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
  unitPath: string;
  record: StudyRow | undefined;
}

/** Everyone in the subtree who is a member or has studied the recording, with their record. */
async function memberStudies(prisma: Prisma.TransactionClient, recordingId: string, root: string): Promise<MemberStudy[]> {
  const inSubtree = { unit: unitSubtreeWhere(root) };
  const records = await prisma.studyRecord.findMany({ where: { recordingId, ...inSubtree } });
  const byPerson = new Map(records.map((r) => [r.personId, r]));
  const people = await prisma.person.findMany({
    where: { ...inSubtree, OR: [{ role: 'member' }, { id: { in: [...byPerson.keys()].filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } }] },
    select: { id: true, username: true, displayName: true, unit: { select: { code: true, name: true, path: true } } },
    orderBy: [{ unit: { path: 'asc' } }, { username: 'asc' }],
  });
  return people.map((p) => ({
    personId: p.id,
    username: p.username,
    displayName: p.displayName,
    unitCode: p.unit.code,
    unitName: p.unit.name,
    unitPath: p.unit.path,
    record: byPerson.get(p.id),
  }));
}

const percent = (share: number) => Math.round(share * 1000) / 10;
const stamp = (d: Date | undefined) => d?.toISOString() ?? null;
const fileDate = () => new Date().toISOString().slice(0, 10);

export async function studyByMember(prisma: Prisma.TransactionClient, recording: ReportRecording, root: string, threshold: number, lang: Lang): Promise<TableReport> {
  const h = headers[lang];
  const rows = (await memberStudies(prisma, recording.id, root)).map((m) => {
    const study = toMyStudy(m.record, recording.durationSec, threshold, recording.hasTest);
    return {
      unitCode: m.unitCode,
      unitName: m.unitName,
      username: m.username,
      displayName: m.displayName,
      sharePercent: percent(study.share),
      watchedMinutes: Math.round((study.watchedSec / 60) * 10) / 10,
      completed: study.completed,
      testScore: study.testScore,
      testPassed: study.testPassed,
      reflectionMark: study.reflectionMark,
      lastWatchedAt: m.record ? stamp(m.record.lastWatchedAt) : null,
    };
  });
  return {
    title: `${h.byMember}: ${recording.title}`,
    fileName: `study-members-${fileDate()}`,
    language: lang,
    columns: columns(lang, {
      unitCode: 'string',
      unitName: 'string',
      username: 'string',
      displayName: 'string',
      sharePercent: 'number',
      watchedMinutes: 'number',
      completed: 'boolean',
      testScore: 'number',
      testPassed: 'boolean',
      reflectionMark: 'number',
      lastWatchedAt: 'datetime',
    }),
    rows,
  };
}

interface Tally {
  members: number;
  studied: number;
  completed: number;
  passed: number;
  scores: number[];
  last: Date | undefined;
}
const emptyTally = (): Tally => ({ members: 0, studied: 0, completed: 0, passed: 0, scores: [], last: undefined });

export async function studyByUnit(prisma: Prisma.TransactionClient, recording: ReportRecording, scope: string, threshold: number, lang: Lang): Promise<TableReport> {
  const h = headers[lang];
  // The whole tree under one top unit (the usual case): report on its children, not on it alone.
  const tops = scope === '/' ? await prisma.unit.findMany({ where: { parentId: null }, select: { path: true }, take: 2 }) : [];
  const root = tops.length === 1 ? tops[0]!.path : scope;
  const rootUnit = root === '/' ? null : await prisma.unit.findFirst({ where: { path: root }, select: { code: true, name: true } });
  const children = await prisma.unit.findMany({
    where: root === '/' ? { parentId: null } : { parent: { path: root } },
    select: { code: true, name: true, path: true },
    orderBy: { code: 'asc' },
  });
  // Each row: the root's own people, then each child's whole subtree.
  const groups = [
    ...(rootUnit ? [{ code: rootUnit.code, name: rootUnit.name, owns: (p: string) => p === root }] : []),
    ...children.map((c) => ({ code: c.code, name: c.name, owns: (p: string) => p.startsWith(c.path) })),
  ].map((g) => ({ ...g, tally: emptyTally() }));
  const total = emptyTally();

  for (const m of await memberStudies(prisma, recording.id, root)) {
    const study = toMyStudy(m.record, recording.durationSec, threshold, recording.hasTest);
    const group = groups.find((g) => g.owns(m.unitPath));
    for (const t of group ? [group.tally, total] : [total]) {
      t.members += 1;
      if (study.watchedSec > 0) t.studied += 1;
      if (study.completed) t.completed += 1;
      if (study.testPassed) t.passed += 1;
      if (study.testScore !== null) t.scores.push(study.testScore);
      if (m.record && (!t.last || m.record.lastWatchedAt > t.last)) t.last = m.record.lastWatchedAt;
    }
  }
  const row = (code: string, name: string, t: Tally) => ({
    unitCode: code,
    unitName: name,
    members: t.members,
    studied: t.studied,
    completedCount: t.completed,
    completionRate: t.members ? Math.round((t.completed / t.members) * 1000) / 10 : 0,
    passed: t.passed,
    averageScore: t.scores.length ? Math.round((t.scores.reduce((a, b) => a + b, 0) / t.scores.length) * 10) / 10 : null,
    lastWatchedAt: stamp(t.last),
  });
  return {
    title: `${h.byUnit}: ${recording.title}`,
    fileName: `study-units-${fileDate()}`,
    language: lang,
    columns: columns(lang, {
      unitCode: 'string',
      unitName: 'string',
      members: 'number',
      studied: 'number',
      completedCount: 'number',
      completionRate: 'number',
      passed: 'number',
      averageScore: 'number',
      lastWatchedAt: 'datetime',
    }),
    rows: [...groups.map((g) => row(g.code, g.name, g.tally)), row('', h.total, total)],
  };
}
