// The people page's API (issue 17 "no page to manage people"): an operator lists, invites, re-roles,
// disables and re-enables the people of its own subtree, on a real PostgreSQL; every change ends
// the person's sessions and is audited, refusals too; a temporary password is shown once and
// never written to the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { signActors } from '../support/actors.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';

describe('people of a subtree', () => {
  let plane: TestControlPlane;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let admin: ApiClient;
  const ids: Record<string, string> = {};
  const password = 'một mật khẩu rất dài';

  beforeAll(async () => {
    database = await createScratchDatabase();
    plane = await startTestControlPlane({}, { databaseUrl: database.url });
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    for (const code of ['HN', 'HN-BD', 'DN']) ids[code] = (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
    ids.siteHN = (await plane.db.prisma.site.findUniqueOrThrow({ where: { code: 'DC-HN' } })).id;
    ids.siteBD = (await plane.db.prisma.site.findUniqueOrThrow({ where: { code: 'DC-HN-BD' } })).id;
    const people = [
      ['hn.op', 'operator', 'HN'],
      ['hn.peer', 'operator', 'HN'],
      ['bd.op', 'operator', 'HN-BD'],
      ['bd.member', 'member', 'HN-BD'],
      ['dn.member', 'member', 'DN'],
    ] as const;
    for (const [username, role, unit] of people) {
      ids[username] = ok(await admin('people.create', { body: { username, displayName: `Người ${username}`, password, passwordIsTemporary: false, role, unitId: ids[unit]! } })).id;
    }
  });
  afterAll(async () => {
    await plane?.stop();
    await database?.drop();
  });

  const login = (username: string, pass = password) => apiClient(plane.url)('auth.login', { body: { username, password: pass } });
  const as = async (username: string) => apiClient(plane.url, ok(await login(username)).accessToken);

  it('lists the subtree only, with unit and site names', async () => {
    const hn = await as('hn.op');
    const page = ok(await hn('people.list', { query: { limit: 100 } }));
    const names = page.items.map((p) => p.username);
    expect(names).toEqual(expect.arrayContaining(['hn.op', 'hn.peer', 'bd.op', 'bd.member']));
    expect(names).not.toContain('dn.member');
    expect(page.items.find((p) => p.username === 'bd.member')).toMatchObject({ unitName: 'Quận Ba Đình', siteName: null, canLogIn: true });
    expect((await hn('people.list', { query: { under: ids.DN! } })).status).toBe(403);
  });

  it('invites a site operator, who signs in with the temporary password drawn once', async () => {
    const hn = await as('hn.op');
    const invited = ok(await hn('people.create', { body: { username: 'hn.site', displayName: 'Trực điểm cầu Hà Nội', role: 'site_operator', unitId: ids.HN!, siteId: ids.siteHN! } }));
    expect(invited).toMatchObject({ canLogIn: false, siteName: expect.any(String) });
    const drawn = ok(await hn('people.resetPassword', { params: { id: invited.id } }));
    expect(drawn.temporaryPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(drawn.person.canLogIn).toBe(true);
    expect(ok(await login('hn.site', drawn.temporaryPassword)).person.role).toBe('site_operator');
    const audit = ok(await admin('audit.list', { query: { resourceId: invited.id, limit: 10 } })).items;
    expect(audit.map((a) => a.action).sort()).toEqual(['people.create', 'people.resetPassword']);
    expect(JSON.stringify(audit)).not.toContain(drawn.temporaryPassword);
  });

  it("changes a member's role: a site operator needs a site of the person's own unit; old sessions end", async () => {
    const hn = await as('hn.op');
    const memberToken = ok(await login('bd.member')).accessToken;
    const refusals = [
      await hn('people.changeRole', { params: { id: ids['bd.member']! }, body: { role: 'site_operator' } }),
      await hn('people.changeRole', { params: { id: ids['bd.member']! }, body: { role: 'site_operator', siteId: ids.siteHN! } }),
    ];
    expect(refusals.map((r) => [r.status, r.error?.issues?.[0]?.path])).toEqual([
      [400, ['siteId']],
      [400, ['siteId']],
    ]);
    const changed = ok(await hn('people.changeRole', { params: { id: ids['bd.member']! }, body: { role: 'site_operator', siteId: ids.siteBD! } }));
    expect(changed).toMatchObject({ role: 'site_operator', siteId: ids.siteBD });
    expect((await apiClient(plane.url, memberToken)('recordings.list')).status).toBe(401);
    expect(ok(await login('bd.member')).person.role).toBe('site_operator');
    const entry = ok(await admin('audit.list', { query: { resourceId: ids['bd.member']!, action: 'people.changeRole' } })).items[0];
    expect(entry?.details).toMatchObject({ from: 'member', to: 'site_operator' });
  });

  it('disables an operator below: sessions and sign-in end until a system admin draws a new password', async () => {
    const hn = await as('hn.op');
    const bd = ok(await login('bd.op'));
    expect(ok(await hn('people.disable', { params: { id: ids['bd.op']! } })).canLogIn).toBe(false);
    expect((await apiClient(plane.url, bd.accessToken)('units.list')).status).toBe(401);
    expect((await apiClient(plane.url)('auth.refresh', { body: { refreshToken: bd.refreshToken! } })).status).toBe(401);
    expect((await login('bd.op')).status).toBe(401);
    // Another operator's password: whoever sets it could act in that name.
    const refused = await hn('people.resetPassword', { params: { id: ids['bd.op']! } });
    expect([refused.status, refused.error?.code]).toEqual([403, 'FORBIDDEN']);
    const drawn = ok(await admin('people.resetPassword', { params: { id: ids['bd.op']! } }));
    expect((await login('bd.op', drawn.temporaryPassword)).status).toBe(200);
  });

  it('refuses oneself, a peer operator of the same unit and anyone outside the subtree, each audited', async () => {
    const hn = await as('hn.op');
    const attempts = [
      await hn('people.disable', { params: { id: ids['hn.op']! } }),
      await hn('people.changeRole', { params: { id: ids['hn.op']! }, body: { role: 'system_admin' } }),
      await hn('people.disable', { params: { id: ids['hn.peer']! } }),
      await hn('people.changeRole', { params: { id: ids['hn.peer']! }, body: { role: 'member' } }),
      await hn('people.resetPassword', { params: { id: ids['dn.member']! } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await login('hn.peer')).status).toBe(200);
    const denied = ok(await admin('audit.list', { query: { outcome: 'denied', limit: 100 } })).items.filter((a) => a.actorId === ids['hn.op']);
    // With the earlier tests' refusals: Đà Nẵng's list, bd.op's password.
    expect(denied.map((a) => a.action).sort()).toEqual([
      'people.changeRole',
      'people.changeRole',
      'people.disable',
      'people.disable',
      'people.list',
      'people.resetPassword',
      'people.resetPassword',
    ]);
  });
});
