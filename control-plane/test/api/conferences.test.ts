// Behaviour of the scheduling domain through the REST API: rules resolved into sites, clashes,
// relays, cancel, documents by classification, and the audit trail of it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleClashDetailsSchema } from '@lienthong/contracts';
import { signActors, type Actors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, uniqueRedisPrefix, type TestControlPlane } from '../support/control-plane.js';

const day = 86_400_000;
const at = (days: number, hours = 0) => new Date(Date.UTC(2030, 0, 1) + days * day + hours * 3_600_000).toISOString();

describe('conferences', () => {
  let plane: TestControlPlane;
  let actors: Actors;
  let admin: ApiClient;
  let hanoi: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    plane = await startTestControlPlane();
    actors = await signActors(plane);
    admin = apiClient(plane.url, actors.system_admin);
    hanoi = apiClient(plane.url, actors.operator);
    for (const u of await plane.db.prisma.unit.findMany()) ids[u.code] = u.id;
    for (const s of await plane.db.prisma.site.findMany()) ids[s.code] = s.id;
  });
  afterAll(async () => plane?.stop());

  const national = (days: number) => ({
    title: `Hội nghị toàn quốc ${days}`,
    hostUnitId: ids.TW!,
    originSiteId: ids['TW-HALL']!,
    scheduledStart: at(days, 1),
    scheduledEnd: at(days, 4),
    participants: { rules: [{ unitId: ids.TW! }] },
  });

  it('resolves "every site under X down to tier Y" plus explicit sites into one list', async () => {
    const created = ok(
      await hanoi('conferences.create', {
        body: {
          title: 'Hội nghị quận Ba Đình',
          hostUnitId: ids.HN!,
          originSiteId: ids['DC-HN']!,
          scheduledStart: at(1, 1),
          scheduledEnd: at(1, 2),
          // Hà Nội down to its districts (tier 2), plus one commune by name.
          participants: { rules: [{ unitId: ids.HN!, downToTier: 2 }], sites: [ids['DC-HN-BD-KM']!] },
        },
      }),
    );
    expect(created).toMatchObject({ status: 'scheduled', siteCount: 4, explicitSiteIds: [ids['DC-HN-BD-KM']] });
    const participants = ok(await hanoi('conferences.participants', { params: { id: created.id } }));
    expect(participants.items.map((p) => [p.code, p.explicit])).toEqual([
      ['DC-HN', false],
      ['DC-HN-BD', false],
      ['DC-HN-BD-KM', true],
      ['DC-HN-HK', false],
    ]);
    const explicitOnly = ok(await hanoi('conferences.participants', { params: { id: created.id }, query: { explicit: true } }));
    expect(explicitOnly.total).toBe(1);
  });

  it('refuses a site in two conferences at once with 409 naming the clash, and writes nothing', async () => {
    const first = ok(await admin('conferences.create', { body: national(10) }));
    expect(first.siteCount).toBe(15);
    const before = await plane.db.prisma.conference.count();
    const clash = await hanoi('conferences.create', {
      body: { ...national(10), title: 'Trùng giờ', hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: { sites: [ids['DC-HN-HK-TT']!] }, scheduledStart: at(10, 3), scheduledEnd: at(10, 5) },
    });
    expect(clash.status).toBe(409);
    expect(clash.error).toMatchObject({ code: 'SCHEDULE_CLASH' });
    expect(clash.error!.message).toContain(first.id);
    expect(clash.error!.message).toContain(first.title);
    // The details name the conference, its state and every shared site (the hall and the one picked).
    expect(scheduleClashDetailsSchema.parse(clash.error!.details)).toEqual({
      conferenceId: first.id,
      title: first.title,
      status: 'scheduled',
      scheduledStart: first.scheduledStart,
      scheduledEnd: first.scheduledEnd,
      sites: [
        { code: 'DC-HN', name: 'Điểm cầu Thành phố Hà Nội' },
        { code: 'DC-HN-HK-TT', name: 'Điểm cầu Phường Tràng Tiền' },
      ],
      siteCount: 2,
    });
    expect(await plane.db.prisma.conference.count()).toBe(before);
    // Back to back is not a clash; moving into the other one's time is.
    const next = ok(await hanoi('conferences.create', { body: { ...national(10), hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: {}, scheduledStart: at(10, 4), scheduledEnd: at(10, 6) } }));
    const moved = await hanoi('conferences.update', { params: { id: next.id }, body: { scheduledStart: at(10, 3) } });
    expect(moved.error).toMatchObject({ code: 'SCHEDULE_CLASH', message: expect.stringContaining(first.id) });
    expect(ok(await hanoi('conferences.definition', { params: { id: next.id } })).scheduledStart).toBe(at(10, 4));
  });

  it("relays a national conference to a province's own sites, with the parent's times", async () => {
    const parent = ok(await admin('conferences.create', { body: national(20) }));
    const relay = ok(
      await hanoi('conferences.relay', {
        params: { id: parent.id },
        body: { hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: { rules: [{ unitId: ids.HN! }] } },
      }),
    );
    expect(relay).toMatchObject({
      parentId: parent.id,
      title: `Tiếp sóng: ${parent.title}`,
      scheduledStart: parent.scheduledStart,
      scheduledEnd: parent.scheduledEnd,
      siteCount: 7,
    });
    // The province sees the national conference it relays, with only its own sites.
    const seen = ok(await hanoi('conferences.get', { params: { id: parent.id } }));
    expect(seen.sites.map((s) => s.code).sort()).toEqual(['DC-HN', 'DC-HN-BD', 'DC-HN-BD-DB', 'DC-HN-BD-KM', 'DC-HN-HK', 'DC-HN-HK-HB', 'DC-HN-HK-TT']);
    // Its hall must receive the parent's program: a hall outside the parent is refused.
    const solo = ok(await hanoi('conferences.create', { body: { ...national(30), hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: {} } }));
    const lone = await hanoi('conferences.relay', {
      params: { id: solo.id },
      body: { hostUnitId: ids['HN-BD']!, originSiteId: ids['DC-HN-BD']!, participants: {} },
    });
    expect(lone.error?.code).toBe('CONFLICT');
    // Moving the parent moves its relay (a relay cannot move on its own).
    ok(await admin('conferences.update', { params: { id: parent.id }, body: { scheduledStart: at(21, 1), scheduledEnd: at(21, 3) } }));
    expect(ok(await hanoi('conferences.definition', { params: { id: relay.id } }))).toMatchObject({ scheduledStart: at(21, 1), scheduledEnd: at(21, 3) });
    expect((await plane.jobs.delayedJobIds()).filter((j) => j.includes(relay.id)).sort()).toEqual([
      `close-conference-${relay.id}-${Date.parse(at(21, 3))}`,
      `open-conference-${relay.id}-${Date.parse(at(21, 1))}`,
    ]);
    expect((await hanoi('conferences.update', { params: { id: relay.id }, body: { scheduledEnd: at(21, 5) } })).error?.message).toMatch(/parent's times/);
    // Cancelling the parent cancels its relays.
    ok(await admin('conferences.cancel', { params: { id: parent.id } }));
    expect(ok(await hanoi('conferences.definition', { params: { id: relay.id } })).status).toBe('cancelled');
  });

  it('re-resolves the rules when a conference changes, and refuses changes once it has ended', async () => {
    const c = ok(await hanoi('conferences.create', { body: { ...national(40), hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: { rules: [{ unitId: ids['HN-BD']! }] } } }));
    expect(c.siteCount).toBe(4); // the hall + Ba Đình and its two communes
    const changed = ok(await hanoi('conferences.update', { params: { id: c.id }, body: { participants: { rules: [{ unitId: ids['HN-HK']!, downToTier: 2 }] }, title: 'Đổi' } }));
    expect(changed).toMatchObject({ title: 'Đổi', siteCount: 2, rules: [{ unitId: ids['HN-HK'], downToTier: 2 }] });
    await plane.db.prisma.conference.update({ where: { id: c.id }, data: { status: 'ended' } });
    expect((await hanoi('conferences.update', { params: { id: c.id }, body: { title: 'Muộn' } })).error?.code).toBe('CONFLICT');
  });

  it("records a site's reported delegates, a site operator for its own site only", async () => {
    const c = ok(await hanoi('conferences.create', { body: { ...national(60), hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: { rules: [{ unitId: ids.HN! }] } } }));
    const siteOperator = apiClient(plane.url, actors.site_operator); // runs DC-HN
    ok(await siteOperator('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-HN']! }, body: { delegates: 180 } }));
    ok(await siteOperator('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-HN']! }, body: { delegates: 210 } }));
    expect((await siteOperator('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-HN-BD']! }, body: { delegates: 5 } })).status).toBe(403);
    ok(await hanoi('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-HN-BD']! }, body: { delegates: 60 } }));
    const attendance = ok(await hanoi('conferences.attendance', { params: { id: c.id } }));
    expect(attendance.items.filter((a) => a.delegates !== null).map((a) => [a.siteId, a.delegates])).toEqual([
      [ids['DC-HN'], 210],
      [ids['DC-HN-BD'], 60],
    ]);
    // Đà Nẵng's site is outside Hà Nội's scope; and it does not take part, so nobody reports for it.
    expect((await hanoi('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-DN']! }, body: { delegates: 1 } })).status).toBe(403);
    expect((await admin('conferences.reportDelegates', { params: { id: c.id, siteId: ids['DC-DN']! }, body: { delegates: 1 } })).status).toBe(404);
  });

  it('hides secret documents from members, never from operators', async () => {
    const c = ok(await hanoi('conferences.create', { body: { ...national(50), hostUnitId: ids.HN!, originSiteId: ids['DC-HN']!, participants: { rules: [{ unitId: ids.HN! }] } } }));
    for (const classification of ['public', 'internal', 'secret'] as const) {
      ok(await hanoi('documents.create', { params: { id: c.id }, body: { title: classification, fileName: `${classification}.pdf`, mediaType: 'application/pdf', sizeBytes: 1000, classification } }));
    }
    const member = apiClient(plane.url, actors.member);
    const forMember = ok(await member('documents.list', { params: { id: c.id } }));
    expect(forMember.items.map((d) => d.classification)).toEqual(['public', 'internal']);
    const forOperator = ok(await hanoi('documents.list', { params: { id: c.id } }));
    expect(forOperator.total).toBe(3);
    const secret = forOperator.items.find((d) => d.classification === 'secret')!;
    expect((await member('documents.get', { params: { id: secret.id } })).status).toBe(403);
  });

  it('keeps an audit trail of changes and refusals, scoped like everything else', async () => {
    const refused = await hanoi('units.get', { params: { id: ids.DN! } });
    expect(refused.status).toBe(403);
    const trail = ok(await hanoi('audit.list', { query: { limit: 200 } }));
    expect(trail.items.some((e) => e.action === 'conferences.create' && e.outcome === 'done' && e.actorId === 'test-operator')).toBe(true);
    // The refusal concerns Đà Nẵng: Hà Nội's operator cannot read it, a system admin can.
    expect(trail.items.every((e) => e.unitPath === null || e.unitPath.startsWith('/TW/HN/'))).toBe(true);
    const all = ok(await admin('audit.list', { query: { outcome: 'denied', action: 'units.get' } }));
    expect(all.items[0]).toMatchObject({ actorId: 'test-operator', resourceId: ids.DN, unitPath: '/TW/DN/', outcome: 'denied', ip: expect.any(String) });
  });
});

describe('login', () => {
  let plane: TestControlPlane;
  beforeAll(async () => {
    plane = await startTestControlPlane({ LOGIN_FAILURES_PER_USERNAME: '3', ACCESS_TOKEN_TTL_MINUTES: '5' });
  });
  afterAll(async () => plane?.stop());

  it('gives a short-lived token to a person with the right password, rate-limits guessing', async () => {
    const actors = await signActors(plane);
    const admin = apiClient(plane.url, actors.system_admin);
    const hn = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } });
    const person = ok(await admin('people.create', { body: { username: 'Nguyen.Van.A', displayName: 'Nguyễn Văn A', password: 'mật khẩu dài lắm', passwordIsTemporary: false, role: 'operator', unitId: hn.id } }));
    expect(person).toMatchObject({ username: 'nguyen.van.a', canLogIn: true });

    const anonymous = apiClient(plane.url);
    const login = ok(await anonymous('auth.login', { body: { username: 'nguyen.van.a', password: 'mật khẩu dài lắm' } }));
    expect(login).toMatchObject({ tokenType: 'Bearer', expiresIn: 300, person: { id: person.id, role: 'operator' } });
    const claims = await plane.tokens.verify(login.accessToken, 'operator');
    expect(claims).toEqual({ typ: 'operator', sub: person.id, role: 'operator', unit: hn.id, ver: 0 });
    // The token works, scoped to Hà Nội.
    const units = ok(await apiClient(plane.url, login.accessToken)('units.list'));
    expect(units.items.every((u) => u.path.startsWith('/TW/HN/'))).toBe(true);

    const wrong = await anonymous('auth.login', { body: { username: 'nguyen.van.a', password: 'sai' } });
    const unknown = await anonymous('auth.login', { body: { username: 'khong.ai', password: 'sai' } });
    expect([wrong.error?.message, unknown.error?.message]).toEqual(['Wrong username or password', 'Wrong username or password']);
    // Three failures an hour per username: then even the right password is refused.
    ok(await anonymous('auth.login', { body: { username: 'nguyen.van.a', password: 'mật khẩu dài lắm' } }));
    for (let i = 0; i < 2; i++) expect((await anonymous('auth.login', { body: { username: 'nguyen.van.a', password: 'sai' } })).status).toBe(401);
    const limited = await anonymous('auth.login', { body: { username: 'nguyen.van.a', password: 'mật khẩu dài lắm' } });
    expect(limited).toMatchObject({ status: 429, error: { code: 'TOO_MANY_REQUESTS' } });
  });

  it('counts attempts across replicas sharing one Redis', async () => {
    const env = { REDIS_PREFIX: uniqueRedisPrefix(), LOGIN_FAILURES_PER_USERNAME: '3' };
    const [a, b] = [await startTestControlPlane(env), await startTestControlPlane(env)];
    try {
      const body = { username: 'khong.ai', password: 'đoán mò' };
      for (const replica of [a, b, a]) expect((await apiClient(replica.url)('auth.login', { body })).status).toBe(401);
      expect((await apiClient(b.url)('auth.login', { body })).status).toBe(429);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});

describe('client address in the audit trail', () => {
  it.each([
    ['without TRUST_PROXY, a forwarded address is not believed', {}, '127.0.0.1'],
    ['with TRUST_PROXY=1, the proxy-forwarded client address is recorded', { TRUST_PROXY: '1' }, '10.1.2.3'],
  ])('%s', async (_what, env, ip) => {
    const plane = await startTestControlPlane(env);
    try {
      const { operator } = await signActors(plane);
      const dn = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN' } });
      const res = await fetch(`${plane.url}/api/units/${dn.id}`, { headers: { authorization: `Bearer ${operator}`, 'x-forwarded-for': '10.1.2.3' } });
      expect(res.status).toBe(403);
      const entry = await plane.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'units.get', outcome: 'denied' } });
      expect(entry.ip).toBe(ip);
    } finally {
      await plane.stop();
    }
  });
});
