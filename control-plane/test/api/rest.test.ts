import { conferenceDetailSchema, endpoints, listOf, conferenceSummarySchema, wireErrorSchema } from '@lienthong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe('REST API', () => {
  let plane: TestControlPlane;
  beforeAll(async () => {
    plane = await startTestControlPlane();
  });
  afterAll(async () => plane?.stop());

  const get = (path: string, token?: string) =>
    fetch(`${plane.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const expectProblem = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(wireErrorSchema.parse(await res.json()).code).toBe(code);
  };

  it('serves health without a token, with a same-origin-only content security policy', async () => {
    const res = await get('/api/health');
    expect(await res.json()).toEqual({ status: 'ok', version: 'test', replica: plane.rooms.replicaId, nodes: 0 });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('requires an operator token', async () => {
    await expectProblem(await get('/api/conferences'), 401, 'UNAUTHENTICATED');
    await expectProblem(await get('/api/conferences', 'nonsense'), 401, 'UNAUTHENTICATED');
    const siteToken = await plane.tokens.signSite({ sub: plane.seed.hallSiteId, conf: plane.seed.conferenceId }, 60);
    await expectProblem(await get('/api/conferences', siteToken), 403, 'FORBIDDEN');
  });

  it('lists conferences and details one with every site, signing no join link', async () => {
    const list = listOf(conferenceSummarySchema).parse(await (await get('/api/conferences', plane.operatorToken)).json());
    const demo = list.items.find((c) => c.id === plane.seed.conferenceId)!;
    expect(demo.siteCount).toBe(plane.seed.sites.length);
    const res = await get(`/api/conferences/${demo.id}`, plane.operatorToken);
    const text = await res.text();
    const detail = conferenceDetailSchema.parse(JSON.parse(text));
    expect(detail.sites).toHaveLength(plane.seed.sites.length);
    expect(detail.sites.filter((s) => s.isOrigin).map((s) => s.id)).toEqual([plane.seed.hallSiteId]);
    for (const site of detail.sites) expect(site.connected).toBe(false);
    // No token, no link: join links have their own audited endpoints.
    expect(text).not.toMatch(/token|\/j\/|eyJ/);
  });

  it('answers bad ids and unknown routes with a problem document', async () => {
    await expectProblem(await get('/api/conferences/not-a-uuid', plane.operatorToken), 400, 'BAD_REQUEST');
    await expectProblem(await get('/api/conferences/00000000-0000-4000-8000-000000000000', plane.operatorToken), 404, 'NOT_FOUND');
    await expectProblem(await get('/api/nothing-here', plane.operatorToken), 404, 'NOT_FOUND');
  });
});

describe('OpenAPI', () => {
  let plane: TestControlPlane;
  beforeAll(async () => {
    plane = await startTestControlPlane();
  });
  afterAll(async () => plane?.stop());

  it('documents every endpoint of the table, with its schemas, and the docs page loads nothing from elsewhere', async () => {
    const doc = (await (await fetch(`${plane.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; parameters: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(endpoints).sort());
    expect(doc.paths['/api/conferences']!.post!.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: expect.arrayContaining(['title', 'participants']) } } } });
    expect(doc.paths['/api/units']!.get!.parameters.map((p) => p.name)).toEqual(['limit', 'offset', 'q', 'under', 'parentId', 'tierLevel']);

    const page = await fetch(`${plane.url}/api/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    // Same-origin assets only, nothing inline (a same-origin-only CSP allows exactly that).
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['/api/docs.css', '/api/openapi.json', '/api/docs.js']);
    expect(html).not.toMatch(/<style|<script>|style=/i);
    for (const asset of ['/api/docs.css', '/api/docs.js']) {
      const res = await fetch(`${plane.url}${asset}`);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toMatch(/https?:\/\/|@import|url\(/i);
    }
  });
});
