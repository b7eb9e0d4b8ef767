// The minutes end to end on real PostgreSQL, Redis and BullMQ: a conference with attendance, a
// floor and a vote ends, the job makes the PDF and DOCX, their text says what happened; reading
// them is refused outside the host's scope; an operator makes them again.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MinutesStatus } from '@lienthong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors, type Actors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import type { TestControlPlane } from '../support/control-plane.js';
import { startPlaneWithFakeNode } from '../support/fake-node.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';

const run = promisify(execFile);

/** The PDF's text as poppler reads it (layout off: one word after another). */
async function pdfText(dir: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, 'minutes.pdf');
  await writeFile(file, bytes);
  return (await run('pdftotext', [file, '-'])).stdout;
}

/** The DOCX's body text: every <w:t> of word/document.xml, in order. */
async function docxText(dir: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, 'minutes.docx');
  await writeFile(file, bytes);
  const xml = (await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 64 << 20 })).stdout;
  const entities: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&\w+;/g, (e) => entities[e] ?? e)).join(' ');
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('minutes of a conference', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let plane: TestControlPlane;
  let api: ApiClient;
  let actors: Actors;
  let dir: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    ({ plane } = await startPlaneWithFakeNode('minutes-node', { databaseUrl: scratch.url }));
    api = apiClient(plane.url, plane.operatorToken);
    actors = await signActors(plane);
    dir = await mkdtemp(path.join(os.tmpdir(), 'lienthong-minutes-'));
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
    await scratch?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A downloaded file's bytes (the typed client hands a file's bytes over in place of its description). */
  const bytesOf = (answer: { status: number; data?: unknown }): Uint8Array => {
    const bytes = (answer.data as { bytes?: Uint8Array } | undefined)?.bytes;
    if (!bytes) throw new Error(`no file: ${answer.status}`);
    return bytes;
  };
  const site = (unitCode: string) => plane.seed.sites.find((s) => s.unitCode === unitCode)!;
  /** Polls the minutes' state until the job is done with them. */
  async function settled(conferenceId: string, after?: string): Promise<MinutesStatus> {
    for (let i = 0; i < 300; i++) {
      const status = await api('minutes.get', { params: { id: conferenceId } });
      if (status.ok && ['ready', 'failed'].includes(status.data.state) && status.data.requestedAt !== after) return status.data;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the minutes were not made');
  }

  it('are made when the conference ends, with its title, host, attendance, floor and vote result', async () => {
    const conferenceId = plane.seed.conferenceId;
    const p = plane.db.prisma;
    // Before the end: nothing asked for, a clear 404.
    const early = await api('minutes.download', { params: { id: conferenceId, format: 'pdf' } });
    expect(early.status).toBe(404);
    expect(early.error?.code).toBe('MINUTES_NOT_READY');
    expect((await api('minutes.generate', { params: { id: conferenceId }, body: {} })).error?.code).toBe('CONFERENCE_NOT_ENDED');

    // Three halls connected and reported their delegates (as the site gateway stores it).
    const present = [
      [site('HN-BD-DB'), 40],
      [site('HN-HK-HB'), 30],
      [site('DN-HC-TT'), 25],
    ] as const;
    for (const [s, delegates] of present) {
      await p.attendanceInterval.create({ data: { conferenceId, siteId: s.id, joinedAt: new Date(Date.now() - 600_000), leftAt: new Date() } });
      await p.delegateReport.create({ data: { conferenceId, siteId: s.id, delegates } });
    }
    ok(await api('conferences.giveFloor', { params: { id: conferenceId }, body: { siteId: site('HN-HK-HB').id } }));
    ok(await api('conferences.giveFloor', { params: { id: conferenceId }, body: { siteId: null } }));
    const vote = ok(await api('votes.open', { params: { id: conferenceId }, body: { question: 'Thông qua Nghị quyết Hội nghị', options: ['Tán thành', 'Không tán thành'], durationSeconds: 600 } }));
    await plane.votes.enter(conferenceId, site('HN-BD-DB').id, vote.id, [38, 2]);
    await plane.votes.enter(conferenceId, site('DN-HC-TT').id, vote.id, [25, 0]);
    ok(await api('votes.close', { params: { id: vote.id } }));

    ok(await api('conferences.end', { params: { id: conferenceId } }));
    const status = await settled(conferenceId);
    expect(status).toMatchObject({ state: 'ready', header: 'state', error: null });

    const pdf = await api('minutes.download', { params: { id: conferenceId, format: 'pdf' } });
    expect(pdf.status).toBe(200);
    const pdfBytes = bytesOf(pdf);
    expect(Buffer.from(pdfBytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const docx = await api('minutes.download', { params: { id: conferenceId, format: 'docx' } });
    expect((docx.data as { mediaType?: string } | undefined)?.mediaType).toContain('wordprocessingml');

    const invited = plane.seed.sites.length;
    for (const text of [squash(await pdfText(dir, pdfBytes)), squash(await docxText(dir, bytesOf(docx)))]) {
      expect(text).toContain('BIÊN BẢN HỘI NGHỊ');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Đơn vị chủ trì: Văn phòng Trung ương.');
      expect(text).toContain(`Tham dự 3/${invited} điểm cầu được mời, với tổng số 95 đại biểu`);
      expect(text).toContain(site('HN-HK-HB').name);
      expect(text).toContain('Thông qua Nghị quyết Hội nghị');
      expect(text).toContain('Kết quả: "Tán thành" với 63/65 đại biểu (96,9%).');
      expect(text).toContain('Ý KIẾN CÁC ĐIỂM CẦU Không có.');
    }
  }, 60_000);

  it('are refused to an operator whose scope does not hold the host, and answer 202 while being made', async () => {
    const conferenceId = plane.seed.conferenceId;
    // The demo conference is hosted by the central unit; the operator is Hà Nội's.
    const outside = await apiClient(plane.url, actors.operator)('minutes.download', { params: { id: conferenceId, format: 'pdf' } });
    expect(outside.status).toBe(403);
    expect(outside.error?.code).toBe('FORBIDDEN');
    expect(await plane.db.prisma.auditEntry.count({ where: { action: 'minutes.download', outcome: 'denied', resourceId: conferenceId } })).toBe(1);
    expect((await apiClient(plane.url, actors.member)('minutes.get', { params: { id: conferenceId } })).status).toBe(403);

    // A conference whose minutes a job is making right now.
    const p = plane.db.prisma;
    const tw = await p.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    const other = await p.conference.create({
      data: { title: 'Hội nghị khác', hostUnitId: tw.id, originSiteId: plane.seed.hallSiteId, status: 'ended', scheduledStart: new Date(Date.UTC(2030, 0, 1)), scheduledEnd: new Date(Date.UTC(2030, 0, 1, 2)) },
    });
    await p.conferenceMinutes.create({ data: { conferenceId: other.id, state: 'generating', requestedAt: new Date() } });
    const pending = await api('minutes.download', { params: { id: other.id, format: 'docx' } });
    expect(pending.status).toBe(202);
    expect(pending.data).toMatchObject({ accepted: { conferenceId: other.id, state: 'generating', generatedAt: null } });
  });

  it('are made again on request, with the Party header when asked', async () => {
    const conferenceId = plane.seed.conferenceId;
    const before = ok(await api('minutes.get', { params: { id: conferenceId } }));
    const again = await api('minutes.generate', { params: { id: conferenceId }, body: { header: 'party' } });
    expect(again.status).toBe(202);
    expect(again.data).toMatchObject({ state: 'queued', header: 'party' });
    const status = await settled(conferenceId, before.requestedAt);
    expect(status.state).toBe('ready');
    expect(Date.parse(status.generatedAt!)).toBeGreaterThan(Date.parse(before.generatedAt!));
    const pdf = await api('minutes.download', { params: { id: conferenceId, format: 'pdf' } });
    const text = squash(await pdfText(dir, bytesOf(pdf)));
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).not.toContain('Độc lập - Tự do - Hạnh phúc');
    const audit = await plane.db.prisma.auditEntry.findMany({ where: { action: 'minutes.generate', resourceId: conferenceId, outcome: 'done' } });
    expect(audit).toHaveLength(1);
  }, 60_000);
});
