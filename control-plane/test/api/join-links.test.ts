// Join links (issue 14 finding 1, issue 17's printed links): who gets them, how they are issued,
// streamed, revoked and resolved, against a real control plane and database.
import { callMessage, conferenceDetailSchema, joinLinkPageSchema, namespaces, siteRequests } from '@lienthong/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signActors, type Actors } from '../support/actors.js';
import { apiClient, ok } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { TestSockets } from '@lienthong/testing/sockets';

describe('join links', () => {
  let plane: TestControlPlane;
  let actors: Actors;
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    plane = await startTestControlPlane();
    actors = await signActors(plane);
  });
  afterAll(async () => plane?.stop());
  afterEach(() => sockets.closeAll());

  const as = (token: string) => apiClient(plane.url, token);
  const conferenceId = () => plane.seed.conferenceId;
  const connect = (auth: object) => sockets.attempt(namespaces.site, auth);

  it('gives a member no join link: the detail signs none and the links endpoint refuses (the takeover hole of main)', async () => {
    const res = await fetch(`${plane.url}/api/conferences/${conferenceId()}`, { headers: { authorization: `Bearer ${actors.member}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(conferenceDetailSchema.parse(JSON.parse(text)).sites.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/joinUrl|token|eyJ/);
    const refused = await as(actors.member)('joinLinks.list', { params: { id: conferenceId() } });
    expect(refused).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    const exported = await fetch(`${plane.url}/api/conferences/${conferenceId()}/join-links/export`, { headers: { authorization: `Bearer ${actors.member}` } });
    expect(exported.status).toBe(403);
  });

  it('gives an operator short links for the sites in scope, issued once and audited; a site operator only its own', async () => {
    const first = ok(await as(actors.operator)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 500 } }));
    expect(first.items.length).toBe(first.total);
    expect(first.items.length).toBeGreaterThan(1);
    for (const link of first.items) {
      expect(link.url).toMatch(/\/j\/[0-9A-Z]{12}$/);
      expect(link.url.length).toBeLessThan(60); // a QR code a phone reads off paper
      expect(link.generation).toBe(1);
      expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    }
    // Asking again gives the same links, not new ones.
    const again = ok(await as(actors.operator)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 500 } }));
    expect(again.items.map((l) => l.code)).toEqual(first.items.map((l) => l.code));
    expect(await plane.db.prisma.auditEntry.count({ where: { action: 'joinLinks.list', actorRole: 'operator', resourceId: conferenceId() } })).toBe(2);

    const own = ok(await as(actors.site_operator)('joinLinks.list', { params: { id: conferenceId() } }));
    const hnSite = await plane.db.prisma.site.findUniqueOrThrow({ where: { code: 'DC-HN' } });
    expect(own.items.map((l) => l.siteId)).toEqual([hnSite.id]);
  });

  it('opens the site with its code; an unknown code is refused', async () => {
    const [link] = ok(await as(actors.system_admin)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 1 } })).items;
    const { socket, refused } = await connect({ code: link!.code.toLowerCase() });
    expect(refused).toBeUndefined();
    expect(await callMessage(socket, siteRequests, 'hello', {})).toMatchObject({ site: { id: link!.siteId } });
    expect((await connect({ code: 'ZZZZZZZZZZZZ' })).refused?.code).toBe('UNAUTHENTICATED');
    expect((await connect({ code: '../../etc' })).refused?.code).toBe('UNAUTHENTICATED');
  });

  it('re-issuing a link revokes the old one and every token of its generation, with a clear error; audited', async () => {
    const site = plane.seed.sites[4]!;
    const list = ok(await as(actors.system_admin)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 500 } }));
    const old = list.items.find((l) => l.siteId === site.id)!;
    const oldToken = await plane.tokens.signSite({ sub: site.id, conf: conferenceId(), gen: old.generation }, 600);
    const toolToken = await plane.tokens.signSite({ sub: site.id, conf: conferenceId() }, 600);

    const fresh = ok(await as(actors.system_admin)('joinLinks.reissue', { params: { id: conferenceId(), siteId: site.id } }));
    expect(fresh.code).not.toBe(old.code);
    expect(fresh.generation).toBe(old.generation + 1);

    const byOldCode = await connect({ code: old.code });
    expect(byOldCode.refused?.code).toBe('LINK_REVOKED');
    expect(byOldCode.refused?.message).toMatch(/replaced/);
    expect((await connect({ token: oldToken })).refused?.code).toBe('LINK_REVOKED');
    expect((await connect({ token: toolToken })).refused?.code).toBe('LINK_REVOKED');
    expect((await connect({ code: fresh.code })).refused).toBeUndefined();
    const newToken = await plane.tokens.signSite({ sub: site.id, conf: conferenceId(), gen: fresh.generation }, 600);
    expect((await connect({ token: newToken })).refused).toBeUndefined();

    const listed = ok(await as(actors.system_admin)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 500 } }));
    expect(listed.items.find((l) => l.siteId === site.id)?.code).toBe(fresh.code);
    const audit = await plane.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'joinLinks.reissue', resourceId: conferenceId() } });
    expect(audit.details).toMatchObject({ siteId: site.id, generation: fresh.generation, revoked: true });
  });

  it('refuses a link once its conference ended long ago (scheduled end plus grace), with LINK_EXPIRED', async () => {
    const [link] = ok(await as(actors.system_admin)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 1 } })).items;
    const before = await plane.db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId() } });
    await plane.db.prisma.conference.update({ where: { id: conferenceId() }, data: { scheduledEnd: new Date(Date.now() - 7 * 3600_000), scheduledStart: new Date(Date.now() - 9 * 3600_000) } });
    try {
      expect((await connect({ code: link!.code })).refused?.code).toBe('LINK_EXPIRED');
    } finally {
      await plane.db.prisma.conference.update({ where: { id: conferenceId() }, data: { scheduledEnd: before.scheduledEnd, scheduledStart: before.scheduledStart } });
    }
  });

  it('streams every link in scope as CSV (expiry included), audited with the row count', async () => {
    const res = await fetch(`${plane.url}/api/conferences/${conferenceId()}/join-links/export`, { headers: { authorization: `Bearer ${actors.operator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('site_code,site_name,unit,join_link,code,expires_at');
    const listed = joinLinkPageSchema.parse(ok(await as(actors.operator)('joinLinks.list', { params: { id: conferenceId() }, query: { limit: 500 } })));
    expect(lines).toHaveLength(listed.total + 1);
    for (const link of listed.items) expect(lines).toContain([link.siteCode, link.siteName, link.unitName, link.url, link.code, link.expiresAt].join(','));
    const audit = await plane.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'joinLinks.export', resourceId: conferenceId() } });
    expect(audit.details).toEqual({ rows: listed.total });
  });
});
