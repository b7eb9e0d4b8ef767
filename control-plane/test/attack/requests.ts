// Hostile HTTP requests for one endpoint of contracts' table: path parameters, query strings,
// bodies and headers, each either valid-looking (from the endpoint's schemas) or mutated.
import type { Endpoint } from '@lienthong/contracts';
import fc from 'fast-check';
import { z } from 'zod';
import { fromSchema, hostileStrings, mutate, type JsonSchema } from './schema-arbitrary.js';

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded (or deliberately mis-encoded). */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Percent-encodes any string, lone surrogates too (as the replacement character's bytes). */
const encode = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => (/[\w.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Path segments as sent on the wire: some valid, some that break decoding or the id format. */
const rawSegments = ['%zz', '%C0%AE', '%', '%00', '..%2F..%2F', '%E0%A4%A', '%F0%9F%98', 'not-a-uuid', '__proto__', 'constructor', 'x'.repeat(300), 'ABC%2500'];

function segment(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...rawSegments) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encode) },
  );
}

function queryString(endpoint: Endpoint, ids: string[]): fc.Arbitrary<string> {
  const props = endpoint.query ? (toJson(endpoint.query).properties ?? {}) : {};
  const pairs = fc.array(
    fc.oneof(
      ...Object.entries(props).map(([k, s]) => fromSchema(s, ids).map((v) => `${k}=${encode(String(v))}`)),
      fc.constantFrom('limit=1&limit=2', 'a[b]=1', 'q=%zz', 'q=%00', 'format=csv', 'format=xlsx', '__proto__[x]=1', 'offset=1e309', 'token=eyJhbGciOiJIUzI1NiJ9.e30.x'),
      fc.constantFrom(...hostileStrings).map((v) => `q=${encode(v)}`),
    ),
    { maxLength: 3 },
  );
  return pairs.map((p) => (p.length ? `?${p.join('&')}` : ''));
}

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-7',
  'application/json; charset=nonsense',
  'application/json; charset=latin1',
  'text/csv',
  'text/csv; charset=ebcdic',
  'text/plain; charset=x-unknown',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/pdf',
  '',
];

function body(endpoint: Endpoint, ids: string[]): fc.Arbitrary<{ body?: string; contentType: string; encoding?: string }> {
  const contentType = fc.constantFrom(...contentTypes);
  let text: fc.Arbitrary<string | undefined>;
  if (endpoint.bodyType === 'csv') {
    text = fc.oneof(
      fc.constantFrom('code,name,parent_code\nX1,Tên,HN\n', 'code,name\n"unterminated', '\u0000,\u0000\n', 'code,name,parent_code\n' + 'A,B,C\n'.repeat(50)),
      fc.string({ maxLength: 200 }),
    );
  } else if (endpoint.bodyType === 'binary') {
    text = fc.oneof(fc.constant(''), fc.constant('%PDF-1.4 x'), fc.string({ maxLength: 64 }));
  } else if (endpoint.body) {
    const valid = fromSchema(toJson(endpoint.body), ids);
    text = fc.oneof(valid, mutate(valid)).map((v) => JSON.stringify(v) ?? 'null');
  } else {
    text = fc.oneof(fc.constant(undefined), fc.constant('{"unexpected":true}'));
  }
  return fc.record({
    body: fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom('{"a":', '\u0000', '[]') }),
    contentType,
    encoding: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'x-nonsense') }),
  });
}

/** Requests for `endpoint`, with `authorization` picked from the given header values (undefined: none). */
export function requestsFor(endpoint: Endpoint, ids: string[], authorizations: (string | undefined)[]): fc.Arbitrary<FuzzRequest> {
  const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map(() => segment(ids)));
  const withBody = endpoint.method !== 'get';
  return fc
    .record({
      params: names.length ? params : fc.constant([] as string[]),
      query: queryString(endpoint, ids),
      payload: withBody ? body(endpoint, ids) : fc.constant({ body: undefined, contentType: '', encoding: undefined }),
      authorization: fc.constantFrom(...authorizations),
    })
    .map(({ params, query, payload, authorization }) => {
      let i = 0;
      const path = endpoint.path.replace(/:(\w+)/g, () => params[i++]!);
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      if (payload.body !== undefined && payload.contentType) headers['content-type'] = payload.contentType;
      if (payload.encoding) headers['content-encoding'] = payload.encoding;
      return { method: endpoint.method.toUpperCase(), url: path + query, headers, body: payload.body };
    });
}
