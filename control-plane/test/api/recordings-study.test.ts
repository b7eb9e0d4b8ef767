// Study of a recording against a real control plane: watched intervals merged on the server
// (seeking ahead does not count), resume position, the test graded and gating completion, the
// reflection marked by the member's unit operator, and the study reports as JSON, CSV and XLSX.
import { tableReportSchema, type PersonRole } from '@lienthong/contracts';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe('study of a recording', () => {
  let plane: TestControlPlane;
  let recordingId: string;
  const people = {} as Record<'ba' | 'tu' | 'nam' | 'dnMember', { id: string; client: ApiClient }>;
  let hnOperator: ApiClient;
  let dnOperator: ApiClient;

  const unitId = async (code: string) => (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
  async function person(role: PersonRole, unitCode: string, displayName: string) {
    const unit = await unitId(unitCode);
    const p = await plane.db.prisma.person.create({ data: { username: `${displayName.split(' ')[0]!.toLowerCase()}-${randomBytes(3).toString('hex')}`, displayName, role, unitId: unit } });
    return { id: p.id, client: apiClient(plane.url, await plane.tokens.signOperator({ sub: p.id, role, unit }, 3600)) };
  }
  const progress = (who: ApiClient, intervals: [number, number][], positionSec: number) =>
    who('recordings.progress', { params: { id: recordingId }, body: { intervals: intervals.map(([startSec, endSec]) => ({ startSec, endSec })), positionSec } });

  beforeAll(async () => {
    plane = await startTestControlPlane({ STUDY_COMPLETION_THRESHOLD: '0.8' });
    const p = plane.db.prisma;
    const hall = await p.site.findUniqueOrThrow({ where: { code: 'DC-HN' } });
    const conference = await p.conference.create({
      data: {
        title: 'Học tập Nghị quyết Đại hội',
        hostUnitId: await unitId('HN'),
        originSiteId: hall.id,
        status: 'ended',
        scheduledStart: new Date('2026-10-01T08:00:00Z'),
        scheduledEnd: new Date('2026-10-01T10:00:00Z'),
        sites: { create: [{ siteId: hall.id }] },
      },
    });
    // Study needs only the row's duration: 100 s of media.
    recordingId = (await p.recording.create({ data: { conferenceId: conference.id, status: 'ready', storageKey: `r-${randomBytes(4).toString('hex')}`, durationSec: 100 } })).id;
    people.ba = await person('member', 'HN-BD', 'Ba Nguyễn');
    people.tu = await person('member', 'HN-BD-KM', 'Tư Trần');
    people.nam = await person('member', 'HN-HK', 'Năm Lê');
    people.dnMember = await person('member', 'DN-HC', 'Sáu Phạm');
    hnOperator = (await person('operator', 'HN', 'Điều hành Hà Nội')).client;
    dnOperator = (await person('operator', 'DN', 'Điều hành Đà Nẵng')).client;
  });
  afterAll(async () => plane?.stop());

  it('merges what was played, counts a seek ahead as nothing, and keeps the resume position', async () => {
    // Played 0-10, jumped to 60, played to 70: 20 s of 100.
    let study = ok(await progress(people.ba.client, [[0, 10], [60, 70]], 70));
    expect(study.share).toBeCloseTo(0.2);
    // Reports out of order and overlapping what was counted; bogus values clipped.
    study = ok(await progress(people.ba.client, [[65, 80], [5, 30], [90, 5000]], 42));
    expect(study.watchedSec).toBeCloseTo(30 + 20 + 10);
    expect(study.positionSec).toBe(42);
    expect(study.completed).toBe(false);
    const detail = ok(await people.ba.client('recordings.get', { params: { id: recordingId } }));
    expect(detail.myStudy.positionSec).toBe(42);
    expect(detail.completionThreshold).toBe(0.8);
    // No media yet (no manifest in storage): nothing to sign.
    expect(detail.media).toBeNull();
  });

  it('refuses a malformed report and a member of another province', async () => {
    expect((await people.ba.client('recordings.progress', { params: { id: recordingId }, body: { intervals: [{ startSec: 'x', endSec: 3 }], positionSec: 0 } })).status).toBe(400);
    expect((await progress(people.dnMember.client, [[0, 100]], 100)).status).toBe(403);
  });

  it('completes on the threshold while there is no test; a test then gates completion', async () => {
    // 0-85 joins what was counted (0-30, 60-80, 90-100): 95 s.
    let study = ok(await progress(people.ba.client, [[0, 85]], 85));
    expect(study.share).toBeCloseTo(0.95);
    expect(study.completed).toBe(true);

    ok(
      await hnOperator('recordings.setAssignment', {
        params: { id: recordingId },
        body: {
          questions: [
            { prompt: 'Đại hội lần thứ mấy?', choices: ['XIII', 'XIV'], correct: 1 },
            { prompt: 'Chủ đề chính?', choices: ['Phát triển', 'Khác', 'Cả hai'], correct: 2 },
          ],
          passMark: 100,
          reflectionPrompt: 'Liên hệ bản thân sau khi học tập nghị quyết.',
        },
      }),
    );
    // The member sees the questions, never the answers.
    const detail = ok(await people.ba.client('recordings.get', { params: { id: recordingId } }));
    expect(detail.assignment?.questions[0]).toEqual({ prompt: 'Đại hội lần thứ mấy?', choices: ['XIII', 'XIV'] });
    expect(detail.myStudy.completed).toBe(false);
    // A DN operator may not set what Hà Nội's members must do.
    expect((await dnOperator('recordings.setAssignment', { params: { id: recordingId }, body: { questions: [], reflectionPrompt: 'x' } })).status).toBe(403);

    expect(ok(await people.ba.client('recordings.submitTest', { params: { id: recordingId }, body: { answers: [1, 0] } }))).toEqual({ score: 50, passed: false, correct: 1, total: 2 });
    expect(ok(await people.ba.client('recordings.submitTest', { params: { id: recordingId }, body: { answers: [1, 2] } })).passed).toBe(true);
    // A worse later try does not undo a pass.
    ok(await people.ba.client('recordings.submitTest', { params: { id: recordingId }, body: { answers: [0, 0] } }));
    study = ok(await progress(people.ba.client, [], 85));
    expect(study).toMatchObject({ testScore: 100, testPassed: true, completed: true });

    // Tư watched it all but failed the test; Năm watched a little.
    ok(await progress(people.tu.client, [[0, 100]], 100));
    ok(await people.tu.client('recordings.submitTest', { params: { id: recordingId }, body: { answers: [0, 2] } }));
    ok(await progress(people.nam.client, [[0, 25]], 25));
    // The library tells each where they stand: the test is what Tư still lacks, not Năm (too little
    // watched) nor Ba (done).
    const row = async (client: typeof people.tu.client) => ok(await client('recordings.list', {})).items.find((r) => r.id === recordingId)!;
    expect(await row(people.tu.client)).toMatchObject({ myCompleted: false, myTestPending: true });
    expect(await row(people.nam.client)).toMatchObject({ myCompleted: false, myTestPending: false });
    expect(await row(people.ba.client)).toMatchObject({ myCompleted: true, myTestPending: false });
  });

  it('lets the member\'s unit operator mark the reflection, and no one outside', async () => {
    const text = 'Tôi nhận thức rõ hơn trách nhiệm của đảng viên trong công tác chuyên môn.';
    const handedIn = ok(await people.tu.client('recordings.submitReflection', { params: { id: recordingId }, body: { text } }));
    expect(handedIn).toMatchObject({ text, mark: null });
    const list = ok(await hnOperator('recordings.reflections', { params: { id: recordingId }, query: { unmarked: 'true' } }));
    expect(list.items.map((r) => r.displayName)).toEqual(['Tư Trần']);
    expect((await dnOperator('recordings.markReflection', { params: { id: recordingId, personId: people.tu.id }, body: { mark: 9 } })).status).toBe(403);
    expect(ok(await hnOperator('recordings.markReflection', { params: { id: recordingId, personId: people.tu.id }, body: { mark: 8.5, comment: 'Tốt' } }))).toMatchObject({ mark: 8.5, comment: 'Tốt' });
    // A marked reflection is final.
    expect((await people.tu.client('recordings.submitReflection', { params: { id: recordingId }, body: { text: `${text} Sửa lại.` } })).status).toBe(409);
  });

  it('reports per member and per unit, as JSON, CSV and XLSX', async () => {
    const members = tableReportSchema.parse(ok(await hnOperator('recordings.studyByMember', { params: { id: recordingId } })));
    const row = (name: string) => members.rows.find((r) => r.displayName === name);
    expect(row('Ba Nguyễn')).toMatchObject({ unitCode: 'HN-BD', sharePercent: 95, completed: true, testScore: 100, testPassed: true });
    expect(row('Tư Trần')).toMatchObject({ unitCode: 'HN-BD-KM', sharePercent: 100, completed: false, testScore: 50, testPassed: false, reflectionMark: 8.5 });
    expect(row('Năm Lê')).toMatchObject({ sharePercent: 25, completed: false, testScore: null });
    // Another province's member is not in Hà Nội's report.
    expect(row('Sáu Phạm')).toBeUndefined();

    const units = tableReportSchema.parse(ok(await hnOperator('recordings.studyByUnit', { params: { id: recordingId } })));
    const byCode = Object.fromEntries(units.rows.map((r) => [r.unitCode, r]));
    // Quận Ba Đình rolls up its wards: Ba and Tư.
    expect(byCode['HN-BD']).toMatchObject({ members: 2, studied: 2, completedCount: 1, completionRate: 50, passed: 1, averageScore: 75 });
    expect(byCode['HN-HK']).toMatchObject({ members: 1, studied: 1, completedCount: 0, passed: 0, averageScore: null });
    expect(byCode['']).toMatchObject({ unitName: 'Tổng cộng', members: 3, studied: 3, completedCount: 1 });

    const csv = await fetchReport('units', 'csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\n');
    expect(lines[0]).toBe('Mã đơn vị,Đơn vị,Đảng viên,Đã học,Hoàn thành,Tỉ lệ hoàn thành (%),Đạt kiểm tra,Điểm trung bình,Xem lần cuối');
    expect(lines.find((l) => l.startsWith('HN-BD,'))).toMatch(/^HN-BD,Quận Ba Đình,2,2,1,50,1,75,\d{4}-/);

    const xlsx = await fetchReport('members', 'xlsx', 'en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()));
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['Unit code', 'Unit', 'Username', 'Name', 'Watched (%)']);
    const rows = [...Array(sheet.rowCount - 1).keys()].map((i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    const ba = rows.find((r) => r[3] === 'Ba Nguyễn')!;
    expect(ba[4]).toBe(95);
    // Booleans are words in exports, in the report's language.
    expect(ba[6]).toBe('Yes');
    expect(rows).toHaveLength(members.rows.length);
  });

  it('keeps reports from members and from other provinces', async () => {
    expect((await people.ba.client('recordings.studyByUnit', { params: { id: recordingId } })).status).toBe(403);
    expect((await dnOperator('recordings.studyByMember', { params: { id: recordingId } })).status).toBe(403);
  });

  async function fetchReport(kind: 'units' | 'members', format: 'csv' | 'xlsx', lang = 'vi') {
    const token = await plane.tokens.signOperator({ sub: 'report-reader', role: 'operator', unit: await unitId('HN') }, 600);
    const res = await fetch(`${plane.url}/api/recordings/${recordingId}/study/${kind}?format=${format}&lang=${lang}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res;
  }
});
