import {
  callMessage,
  consoleRequests,
  namespaces,
  siteRequests,
  type ConsoleEvent,
  type HallOpinion,
  type SendOpinion,
  type SiteOpinion,
} from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ReplicaNews } from '../../src/live/replica-news.js';
import { opinionNewsSchema, OpinionService } from '../../src/opinions/opinion-service.js';
import { OpinionSendLimiter } from '../../src/opinions/send-limit.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, testRedisUrl, uniqueRedisPrefix, type TestControlPlane } from '../support/control-plane.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { heard, TestSockets } from '@lienthong/testing/sockets';
import { waitFor } from '@lienthong/testing/wait';

/**
 * Written opinions through the real gateways and REST on PostgreSQL and Redis: a site sends, the
 * secretariat's console hears it, decides along the lifecycle (accept, reject with a reason,
 * merge, forward, done), the sending site hears each status and the hall shows what is forwarded.
 * Wrong moves are refused with their own code, and an operator outside the host sees and decides
 * nothing beyond its subtree.
 */
describe('written opinions', () => {
  let plane: TestControlPlane;
  let drop: () => Promise<void>;
  let api: ApiClient;
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    plane = await startTestControlPlane({}, { databaseUrl: scratch.url });
    api = apiClient(plane.url, plane.operatorToken);
  }, 120_000);
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await plane?.stop();
    await drop?.();
  });

  const conferenceId = () => plane.seed.conferenceId;
  const siteId = (unitCode: string) => plane.seed.sites.find((s) => s.unitCode === unitCode)!.id;
  const siteSocket = async (id: string) => sockets.connect(namespaces.site, { token: await plane.tokens.signSite({ sub: id, conf: conferenceId() }, 600) });
  const opinion = (text: string, more: Partial<SendOpinion> = {}): SendOpinion => ({
    clientRef: randomUUID(),
    kind: 'opinion',
    speakerName: 'Nguyễn Văn An',
    speakerRole: 'Đại biểu',
    text,
    ...more,
  });
  const send = (socket: Socket, o: SendOpinion) => callMessage(socket, siteRequests, 'sendOpinion', o);
  const moderate = (id: string, body: unknown) => api('opinions.moderate', { params: { id }, body });

  it('goes from a site to the queue and back: accepted, forwarded to the hall with what was merged into it, done', async () => {
    const consoleSocket = await sockets.connect(namespaces.console, { token: plane.operatorToken });
    const queue = heard<ConsoleEvent<'opinionsChanged'>>(consoleSocket, 'opinionsChanged');
    await callMessage(consoleSocket, consoleRequests, 'watchOpinions', { conferenceId: conferenceId() });
    const [commune, other, hall] = await Promise.all([siteSocket(siteId('HN-BD-DB')), siteSocket(siteId('DN-HC-TT')), siteSocket(plane.seed.hallSiteId)]);
    const statuses = heard<SiteOpinion>(commune, 'opinionChanged');
    const screen = heard<HallOpinion[]>(hall, 'hallOpinions');
    // Asking for its opinions also subscribes a site (and the hall to the chair's screen).
    expect(await callMessage(commune, siteRequests, 'opinions', {})).toEqual({ mine: [], onScreen: [] });
    await callMessage(other, siteRequests, 'opinions', {});
    expect(await callMessage(hall, siteRequests, 'opinions', {})).toEqual({ mine: [], onScreen: [] });

    const first = opinion('Đề nghị bổ sung kinh phí chuyển đổi số cho cấp xã.');
    const sent = await send(commune, first);
    expect(sent).toMatchObject({ status: 'pending', kind: 'opinion', speakerName: 'Nguyễn Văn An', text: first.text });
    // A resend after a lost answer is the same opinion, not a second one.
    expect(await send(commune, first)).toEqual(sent);
    const arrived = await waitFor('the opinion in the queue', () => queue.flatMap((e) => e.opinions).find((o) => o.id === sent.id));
    expect(arrived).toMatchObject({ siteId: siteId('HN-BD-DB'), siteName: 'Điểm cầu Phường Điện Biên', number: sent.number, status: 'pending' });
    expect(await plane.db.prisma.opinion.count({ where: { conferenceId: conferenceId() } })).toBe(1);

    expect(ok(await moderate(sent.id, { action: 'accept' }))).toMatchObject({ status: 'accepted', decidedAt: expect.any(String) });
    await waitFor('accepted on the site', () => statuses.find((s) => s.id === sent.id && s.status === 'accepted'));

    // Another site asks the same: merged into the first, which the hall then shows with both sites.
    const same = await send(other, opinion('Kinh phí chuyển đổi số cho xã còn thiếu?', { kind: 'question', speakerName: 'Trần Thị Bình', speakerRole: 'Khách mời' }));
    expect(ok(await moderate(same.id, { action: 'merge', into: sent.id }))).toMatchObject({ status: 'merged', mergedIntoId: sent.id, mergedIntoNumber: sent.number });
    expect(ok(await moderate(sent.id, { action: 'forward' })).status).toBe('forwarded');
    await waitFor('forwarded on the site', () => statuses.find((s) => s.id === sent.id && s.status === 'forwarded'));
    const onScreen = await waitFor('the chair screen', () => screen.find((list) => list.length === 1));
    expect(onScreen[0]).toMatchObject({ id: sent.id, text: first.text, siteName: 'Điểm cầu Phường Điện Biên', alsoFrom: [{ siteName: 'Điểm cầu Phường Thạch Thang', speakerName: 'Trần Thị Bình' }] });
    // A hall that reloads gets the screen back with its first answer.
    expect((await callMessage(hall, siteRequests, 'opinions', {})).onScreen).toEqual(onScreen);

    expect(ok(await moderate(sent.id, { action: 'done' })).status).toBe('done');
    await waitFor('the chair screen emptied', () => (screen.at(-1)?.length === 0 ? true : undefined));
    expect((await callMessage(commune, siteRequests, 'opinions', {})).mine.map((o) => o.status)).toEqual(['done']);
    const audit = await plane.db.prisma.auditEntry.findMany({ where: { action: 'opinions.moderate', resourceId: sent.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => (a.details as { action: string }).action)).toEqual(['accept', 'forward', 'done']);
  });

  it('refuses what the lifecycle does not allow, and merges only into a live opinion of the same conference', async () => {
    const commune = await siteSocket(siteId('HN-HK-HB'));
    const [a, b, c] = [await send(commune, opinion('Ý kiến A')), await send(commune, opinion('Ý kiến B')), await send(commune, opinion('Ý kiến C'))];
    expect(ok(await moderate(a.id, { action: 'reject', reason: '  Trùng nội dung đã trả lời  ' }))).toMatchObject({ status: 'rejected', reason: 'Trùng nội dung đã trả lời' });
    const again = await moderate(a.id, { action: 'accept' });
    expect(again.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'OPINION_STATUS', details: { status: 'rejected', action: 'accept' } });
    expect((await moderate(b.id, { action: 'done' })).error?.code).toBe('OPINION_STATUS');
    expect((await moderate(b.id, { action: 'merge', into: a.id })).error).toMatchObject({ code: 'OPINION_STATUS', details: { status: 'rejected' } });
    expect((await moderate(b.id, { action: 'merge', into: b.id })).error?.code).toBe('BAD_REQUEST');
    // A rejection needs its reason; an unknown action or a stray field is a 400 naming it.
    expect((await moderate(b.id, { action: 'reject' })).error).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['reason'] }] });
    expect((await moderate(b.id, { action: 'accept', reason: 'x' })).error?.code).toBe('BAD_REQUEST');
    expect((await moderate(b.id, { action: 'publish' })).error?.code).toBe('BAD_REQUEST');
    expect((await moderate(randomUUID(), { action: 'accept' })).error?.code).toBe('NOT_FOUND');

    // An opinion of another conference is no merge target.
    const elsewhere = await plane.db.prisma.conference.create({
      data: { title: 'Hội nghị khác', hostUnitId: (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } })).id, originSiteId: plane.seed.hallSiteId, status: 'open', scheduledStart: new Date(Date.UTC(2032, 0, 1)), scheduledEnd: new Date(Date.UTC(2032, 0, 2)) },
    });
    const stranger = await plane.db.prisma.opinion.create({
      data: { conferenceId: elsewhere.id, siteId: siteId('HN-HK-HB'), number: 1, clientRef: randomUUID(), kind: 'opinion', speakerName: 'Lê Văn Cường', speakerRole: 'Đại biểu', text: 'Ý kiến ở hội nghị khác' },
    });
    expect((await moderate(b.id, { action: 'merge', into: stranger.id })).error?.code).toBe('BAD_REQUEST');

    // B merged into C, then C into an accepted D: B follows C into D (no chains of merges).
    const d = await send(commune, opinion('Ý kiến D'));
    ok(await moderate(d.id, { action: 'accept' }));
    ok(await moderate(b.id, { action: 'merge', into: c.id }));
    ok(await moderate(c.id, { action: 'merge', into: d.id }));
    const rows = await plane.db.prisma.opinion.findMany({ where: { id: { in: [b.id, c.id] } } });
    expect(rows.map((r) => [r.status, r.mergedIntoId])).toEqual([
      ['merged', d.id],
      ['merged', d.id],
    ]);
    expect((await moderate(c.id, { action: 'forward' })).error?.code).toBe('OPINION_STATUS');
  });

  it('refuses bad input with the field named, and a site past its rate', async () => {
    const commune = await siteSocket(siteId('DN-HV-HP'));
    const refused = (o: unknown) => callMessage(commune, siteRequests, 'sendOpinion', o as SendOpinion).then(() => null, (err: { code: string; issues?: { path: unknown[] }[] }) => err);
    expect(await refused(opinion('   '))).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['text'] }] });
    expect(await refused(opinion('x'.repeat(2001)))).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['text'] }] });
    expect(await refused(opinion('Có ký tự \u0000 lạ'))).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['text'] }] });
    expect(await refused(opinion('Ý kiến', { speakerName: '' }))).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['speakerName'] }] });
    expect(await refused({ ...opinion('Ý kiến'), kind: 'complaint' })).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: ['kind'] }] });
    expect(await refused({ ...opinion('Ý kiến'), clientRef: 'not-a-uuid' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await plane.db.prisma.opinion.count({ where: { siteId: siteId('DN-HV-HP') } })).toBe(0);
    // Five a minute per site; the sixth is refused with when to try again, a resend still answers.
    const first = opinion('Ý kiến số 1');
    await send(commune, first);
    for (let i = 2; i <= 5; i++) await send(commune, opinion(`Ý kiến số ${i}`));
    const sixth = await refused(opinion('Ý kiến số 6'));
    expect(sixth).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect((await send(commune, first)).text).toBe('Ý kiến số 1');
  });

  it('keeps an operator outside the host to its own subtree: no queue, no decisions, its own sites in lists and exports', async () => {
    const dn = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN' } });
    const dnToken = await plane.tokens.signOperator({ sub: 'dn-operator', role: 'operator', unit: dn.id });
    const dnApi = apiClient(plane.url, dnToken);
    const formula = await send(await siteSocket(siteId('DN-HC-HCB')), opinion('=HYPERLINK("http://x")'));
    const hanoi = await send(await siteSocket(siteId('HN-HK-TT')), opinion('Ý kiến của Hà Nội'));

    const dnConsole = await sockets.connect(namespaces.console, { token: dnToken });
    await expect(callMessage(dnConsole, consoleRequests, 'watchOpinions', { conferenceId: conferenceId() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await dnApi('opinions.moderate', { params: { id: formula.id }, body: { action: 'accept' } })).error?.code).toBe('FORBIDDEN');
    const seen = ok(await dnApi('opinions.list', { params: { id: conferenceId() } })).items;
    expect(seen.map((o) => o.id)).toContain(formula.id);
    expect(seen.map((o) => o.id)).not.toContain(hanoi.id);
    expect(seen.every((o) => o.siteName.length > 0)).toBe(true);
    expect(ok(await api('opinions.list', { params: { id: conferenceId() } })).items.map((o) => o.id)).toContain(hanoi.id);

    // The export: Vietnamese headers, the status in words, a formula neutralised.
    const csv = await fetch(`${plane.url}/api/conferences/${conferenceId()}/opinions/export?format=csv`, { headers: { authorization: `Bearer ${dnToken}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Người phát biểu');
    expect(text).toContain('Chờ xử lý');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toContain('Ý kiến của Hà Nội');
    const xlsx = await fetch(`${plane.url}/api/conferences/${conferenceId()}/opinions/export?format=xlsx&lang=en`, { headers: { authorization: `Bearer ${plane.operatorToken}` } });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('bounds what one site leaves waiting, and takes opinions and forwards only while the conference runs', async () => {
    const redis = new Redis(testRedisUrl);
    const subscriber = redis.duplicate();
    const prefix = uniqueRedisPrefix();
    const news = new ReplicaNews(redis, subscriber, `${prefix}:opinions`, opinionNewsSchema, pino({ level: 'silent' }));
    const service = new OpinionService({ db: plane.db, news, limiter: new OpinionSendLimiter(redis, prefix, { perMinute: 100, waiting: 2 }) });
    try {
      const site = siteId('DN-HV-HB');
      const first = await service.send(conferenceId(), site, opinion('Một'));
      await service.send(conferenceId(), site, opinion('Hai'));
      await expect(service.send(conferenceId(), site, opinion('Ba'))).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { waiting: 2 } });
      // Once the secretariat has taken one, the site may send again.
      ok(await moderate(first.id, { action: 'accept' }));
      expect((await service.send(conferenceId(), site, opinion('Ba'))).status).toBe('pending');

      await plane.db.prisma.conference.update({ where: { id: conferenceId() }, data: { status: 'ended' } });
      await expect(service.send(conferenceId(), site, opinion('Bốn'))).rejects.toMatchObject({ code: 'CONFERENCE_NOT_OPEN' });
      // After the end the secretariat still settles the queue, but nothing goes to a chair any more.
      expect((await moderate(first.id, { action: 'forward' })).error?.code).toBe('CONFERENCE_NOT_OPEN');
      expect(ok(await moderate(first.id, { action: 'reject', reason: 'Hết thời gian' })).status).toBe('rejected');
    } finally {
      await plane.db.prisma.conference.update({ where: { id: conferenceId() }, data: { status: 'open' } });
      await news.close();
      await redis.quit();
    }
  });
});
