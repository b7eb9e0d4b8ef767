// The attack suite's REST half: every endpoint of contracts' table gets valid-looking and mutated
// paths, query strings, bodies and headers, as a system admin, a province operator and anonymous.
// Not one answer may be a 5xx, every error keeps the one problem shape, the server stays up, and
// no token reaches the logs. Bounded (FUZZ_RUNS per endpoint) and reproducible (FUZZ_SEED).
import { endpoints, wireErrorSchema, type Endpoint } from '@lienthong/contracts';
import fc from 'fast-check';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors } from '../support/actors.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { storeOpinion } from '../support/opinions.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { requestsFor, type FuzzRequest } from './requests.js';

const runs = Number(process.env.FUZZ_RUNS ?? 12);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('REST fuzz: no 5xx, server alive, tokens never logged', () => {
  let plane: TestControlPlane;
  let drop: () => Promise<void>;
  const logLines: string[] = [];
  const ids: string[] = [];
  const secrets: string[] = [];
  let authorizations: (string | undefined)[] = [];

  beforeAll(async () => {
    console.log(`REST fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) });
    plane = await startTestControlPlane({}, { databaseUrl: scratch.url, logger: createLogger('info', sink) });
    const p = plane.db.prisma;
    // An opinion, so moderation and merges reach real rows too.
    await storeOpinion(p, plane.seed.conferenceId, plane.seed.hallSiteId);
    for (const rows of await Promise.all([p.unit.findMany(), p.site.findMany(), p.conference.findMany(), p.person.findMany(), p.opinion.findMany()])) {
      ids.push(...rows.map((r) => r.id));
    }
    const actors = await signActors(plane);
    const media = await plane.tokens.signMedia({ sub: ids[0]!, per: 'test-member' }, 60);
    secrets.push(actors.system_admin, actors.operator, media);
    authorizations = [
      `Bearer ${actors.system_admin}`,
      `Bearer ${actors.operator}`,
      undefined,
      'Bearer not.a.token',
      `Bearer ${media}`,
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    ];
  });
  afterAll(async () => {
    await plane?.stop();
    await drop?.();
  });

  // node:http on a fresh connection per request: the path goes out byte for byte (no URL
  // normalisation), and one request's fate never leaks into the next one's socket.
  function send(r: FuzzRequest): Promise<{ status: number; type: string; text: string }> {
    const { port } = new URL(plane.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: r.method, path: r.url, headers: r.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(r.body);
    });
  }

  function expectProblem(answer: { status: number; type: string; text: string }, r: FuzzRequest) {
    const where = `${r.method} ${r.url} ${JSON.stringify(r.headers)} ${r.body?.slice(0, 200) ?? ''}`;
    expect(answer.status, where).toBeLessThan(500);
    if (answer.status >= 400 && r.url.startsWith('/api/')) {
      expect(answer.type, where).toContain('application/problem+json');
      expect(wireErrorSchema.safeParse(JSON.parse(answer.text)).success, where).toBe(true);
    }
  }

  // One property per endpoint, so a failure names the endpoint and its shrunk request.
  for (const [id, endpoint] of Object.entries(endpoints) as [string, Endpoint][]) {
    it(`${id}: ${endpoint.method.toUpperCase()} ${endpoint.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).chain(() => requestsFor(endpoint, ids, authorizations)),
          async (r) => expectProblem(await send(r), r),
        ),
        { numRuns: runs, seed, endOnFailure: true },
      );
    });
  }

  // The classes found by hand, kept as fixed cases so they never depend on the seed.
  it.each<[string, FuzzRequest]>([
    ['bad percent-encoding before authentication', { method: 'GET', url: '/api/units/%zz', headers: {} }],
    ['an overlong UTF-8 dot', { method: 'GET', url: '/api/units/%C0%AE%C0%AE', headers: {} }],
    ['bad percent-encoding outside /api', { method: 'GET', url: '/%zz', headers: {} }],
    ['an unsupported charset', { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json; charset=utf-7' }, body: '{}' }],
    ['a body that claims gzip', { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' }],
    ['an unknown content encoding', { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-encoding': 'x-nonsense' }, body: '{}' }],
  ])('%s answers a 4xx problem', async (_what, r) => {
    expectProblem(await send(r), r);
  });

  it('a NUL character in a string is a 400 naming the field, never a database error', async () => {
    const r: FuzzRequest = {
      method: 'POST',
      url: '/api/units',
      headers: { authorization: authorizations[0]!, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'NUL1', name: 'a\u0000b', parentId: (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id }),
    };
    const answer = await send(r);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).message).toMatch(/name/);
  });

  it('the server is still alive, and no token reached the logs', async () => {
    const health = await send({ method: 'GET', url: '/api/health', headers: {} });
    expect(health.status).toBe(200);
    const logged = logLines.join('');
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});
