// contracts' one REST client against a real control plane: paths and query strings as the server
// reads them, lists walked page by page, refusals as catalogue errors, reports as files.
import { randomUUID } from 'node:crypto';
import { RestError, restClient, type RestClient } from '@lienthong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe('the REST client', () => {
  let plane: TestControlPlane;
  let admin: RestClient;

  beforeAll(async () => {
    plane = await startTestControlPlane();
    admin = restClient({ baseUrl: plane.url, authorization: () => `Bearer ${plane.operatorToken}` });
  });
  afterAll(async () => plane?.stop());

  it('fills path parameters and sends the query as the server reads it (diacritics, spaces)', async () => {
    const hanoi = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } });
    expect((await admin.call('units.get', { params: { id: hanoi.id } })).code).toBe('HN');
    const found = await admin.call('units.list', { query: { q: hanoi.name, limit: 5 } });
    expect(found.items.map((u) => u.code)).toContain('HN');
    expect(found.limit).toBe(5);
    const under = await admin.call('sites.list', { query: { under: hanoi.id, limit: 500 } });
    expect(under.items.length).toBeGreaterThan(0);
    expect(under.items.every((s) => s.code.startsWith('DC-HN'))).toBe(true);
  });

  it('walks a list page by page to its total, the same rows in the same order as one big page', async () => {
    const whole = await admin.call('sites.list', { query: { limit: 500 } });
    expect(whole.total).toBeGreaterThan(4);
    const paged = await admin.all('sites.list', {}, { pageSize: 2 });
    expect(paged.map((s) => s.id)).toEqual(whole.items.map((s) => s.id));
    const parallel = await admin.all('sites.list', {}, { pageSize: 3, parallel: 3 });
    expect(parallel.map((s) => s.id)).toEqual(whole.items.map((s) => s.id));
    const offsets: number[] = [];
    for await (const page of admin.pages('sites.list', { query: { offset: 2 } }, 2)) offsets.push(page.offset);
    expect(offsets).toEqual(Array.from({ length: Math.ceil((whole.total - 2) / 2) }, (_, i) => 2 + 2 * i));
  });

  it('reads refusals as the catalogue errors they are, with their HTTP status, issues and details', async () => {
    const missing = admin.call('units.get', { params: { id: randomUUID() } });
    await expect(missing).rejects.toBeInstanceOf(RestError);
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404, endpoint: 'units.get' });
    const anonymous = restClient({ baseUrl: plane.url });
    expect(await anonymous.result('units.list')).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } });
    const malformed = await admin.loose('units.create', { body: { code: 42 } });
    expect(malformed).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_REQUEST' } });
    expect(malformed.error?.issues?.length).toBeGreaterThan(0);
    const notJson = await admin.loose('units.create', { rawJson: '{"code":' });
    expect(notJson).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_REQUEST' } });
  });

  it('downloads a report as the file the server names, and a stream as its text', async () => {
    const conferenceId = plane.seed.conferenceId;
    const csv = await admin.download('conferences.attendanceReport', { params: { id: conferenceId }, query: { format: 'csv' } });
    expect(csv.fileName).toMatch(/\.csv$/);
    expect(await csv.blob.text()).toContain('TW-HALL');
    const links = await admin.call('joinLinks.export', { params: { id: conferenceId } });
    expect(links.text.trim().split('\r\n').length).toBeGreaterThan(1);
  });

  it('sends through the transport it is given (a session adding its own token)', async () => {
    const sent: string[] = [];
    const viaSession = restClient({
      baseUrl: `${plane.url}/`,
      fetch: (url, init) => {
        sent.push(`${init.method} ${url}`);
        return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${plane.operatorToken}` } });
      },
    });
    expect((await viaSession.call('health.get')).status).toBe('ok');
    expect(sent).toEqual([`GET ${plane.url}/api/health`]);
  });
});
