// The one REST client's request builder and answer reader, without a server: how a call becomes a
// method, a URL and a body, and how answers that break the contract are told apart from refusals.
import { describe, expect, it } from 'vitest';
import { buildRequest, endpointUrl, readAnswer, RestAnswerError, restClient, walkPages, collectPages, type Page } from '../src/index.js';

const id = '7f0c7c4e-2d5b-4f7e-9a55-0f3a3b2f1c11';
const siteId = '0d9e4b7a-6a4c-4f11-8c2e-5b7d0a9e3f22';

describe('the request builder', () => {
  it('fills path parameters, encoded, and refuses a missing one', () => {
    expect(endpointUrl('conferences.muteSite', { id, siteId })).toBe(`/api/conferences/${id}/sites/${siteId}/mute`);
    expect(endpointUrl('units.get', { id: 'a/b c' })).toBe('/api/units/a%2Fb%20c');
    expect(() => endpointUrl('units.get', {})).toThrow(/missing path parameter id/);
  });

  it('encodes the query, leaving out what is unset or empty', () => {
    const url = endpointUrl('sites.list', undefined, { q: 'Hà Nội & co', limit: 20, offset: 0, connected: true, under: undefined, status: null, extra: '' });
    expect(url.split('?')[0]).toBe('/api/sites');
    const query = new URLSearchParams(url.split('?')[1]);
    expect([...query.entries()]).toEqual([
      ['q', 'Hà Nội & co'],
      ['limit', '20'],
      ['offset', '0'],
      ['connected', 'true'],
    ]);
    expect(endpointUrl('health.get', undefined, { q: undefined })).toBe('/api/health');
  });

  it('sends JSON, raw JSON, CSV and files with their media types', async () => {
    const json = buildRequest('units.update', { params: { id }, body: { name: 'Hà Nội' } });
    expect(json).toMatchObject({ method: 'PATCH', url: `/api/units/${id}`, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: '{"name":"Hà Nội"}' });
    expect(buildRequest('units.create', { rawJson: '{"code":' }).body).toBe('{"code":');
    expect(buildRequest('imports.sites', { csv: 'a,b\n1,2' })).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'a,b\n1,2' });
    const upload = buildRequest('documents.upload', { params: { id }, file: { bytes: new TextEncoder().encode('%PDF'), mediaType: 'application/pdf' } });
    expect(upload.headers['Content-Type']).toBe('application/pdf');
    expect(await (upload.body as Blob).text()).toBe('%PDF');
    const bare = buildRequest('conferences.end', { params: { id } }, '*/*');
    expect(bare).toEqual({ method: 'POST', url: `/api/conferences/${id}/end`, headers: { Accept: '*/*' }, body: undefined });
  });
});

describe('the answer reader', () => {
  it('tells a body that breaks the contract, and an error page without a problem document, from a refusal', async () => {
    await expect(readAnswer('health.get', Response.json({ status: 'fine' }))).rejects.toBeInstanceOf(RestAnswerError);
    const proxyPage = readAnswer('health.get', new Response('<html>Bad Gateway</html>', { status: 502 }));
    await expect(proxyPage).rejects.toMatchObject({ name: 'RestAnswerError', status: 502 });
    const refusal = await readAnswer('health.get', Response.json({ code: 'BUSY', message: 'busy', details: { retryAfterMs: 10 } }, { status: 503 }));
    expect(refusal).toEqual({ ok: false, status: 503, error: { code: 'BUSY', message: 'busy', details: { retryAfterMs: 10 } } });
  });

  it('passes network failures through as the transport throws them', async () => {
    const offline = restClient({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(offline.call('health.get')).rejects.toThrow('fetch failed');
  });
});

describe('the paging helpers', () => {
  /** A list of `total` numbers served `limit` at a time, as the API pages (capped at 3 a page here). */
  const served = (total: number, asked: { limit: number; offset: number }[] = []) => async (q: { limit: number; offset: number }): Promise<Page<number>> => {
    asked.push(q);
    const limit = Math.min(q.limit, 3);
    return { items: Array.from({ length: Math.max(0, Math.min(limit, total - q.offset)) }, (_, i) => q.offset + i), total, limit, offset: q.offset };
  };

  it('walks every page from the asked offset, and stops on the last', async () => {
    const asked: { limit: number; offset: number }[] = [];
    const pages: number[][] = [];
    for await (const page of walkPages(served(8, asked), { offset: 1 }, 3)) pages.push(page.items);
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(asked.map((q) => q.offset)).toEqual([1, 4, 7]);
    const empty: number[][] = [];
    for await (const page of walkPages(served(0), {}, 3)) empty.push(page.items);
    expect(empty).toEqual([[]]);
  });

  it('collects every item in order, several pages at a time after the first', async () => {
    const progress: number[] = [];
    expect(await collectPages(served(10), { pageSize: 3, parallel: 2, onProgress: (n) => progress.push(n) })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress).toEqual([3, 9, 10]);
  });
});
