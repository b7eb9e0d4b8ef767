import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRequestListener } from '../src/index.js';

/** The scrape contract over a real HTTP listener: GET /metrics and nothing else. */
describe('metricsRequestListener', () => {
  let server: Server;
  let base: string;
  let failing = false;

  beforeAll(async () => {
    const source = {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      metrics: async () => {
        if (failing) throw new Error('collector broke');
        return 'lienthong_up 1\n';
      },
    };
    server = createServer(metricsRequestListener(source));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => void server.close());

  it('answers GET /metrics with the text and its content type', async () => {
    const res = await fetch(`${base}/metrics?name[]=x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toBe('lienthong_up 1\n');
  });

  it('refuses other paths and methods, and says when collecting failed', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/x`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    failing = true;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('collector broke');
  });

  it('with a token, answers only a scraper sending it as a bearer token', async () => {
    const token = 'a-scrape-token-of-some-length';
    const guarded = createServer(metricsRequestListener({ contentType: 'text/plain', metrics: async () => 'lienthong_up 1\n' }, token));
    await new Promise<void>((r) => guarded.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/metrics`;
    try {
      const bare = await fetch(url);
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toBe('Bearer');
      expect(await bare.text()).not.toContain('lienthong_up');
      for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token, `Basic ${token}`])
        expect((await fetch(url, { headers: { authorization } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('lienthong_up 1\n');
    } finally {
      guarded.close();
    }
  });
});
