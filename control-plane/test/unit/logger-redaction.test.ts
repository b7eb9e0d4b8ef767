// Tokens never reach the logs: not in a URL (path, query string, fragment), not in a header, not
// in a field named for a secret.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/logger.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('log redaction', () => {
  it.each([
    [`/api/public/documents/${jwt}`, '/api/public/documents/[token]'],
    [`/api/recordings/r1/media/${jwt}/index.m3u8`, '/api/recordings/r1/media/[token]/index.m3u8'],
    ['/join?token=abc.def&x=1', '/join?token=[redacted]&x=1'],
    ['/console?x=1&refresh_token=zzz', '/console?x=1&refresh_token=[redacted]'],
    ['/join#token=secret', '/join'],
  ])('%s is logged as %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('redacts URLs, authorization headers and secret fields in what a logger writes', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger('info', sink);
    logger.error({ url: `/api/public/documents/${jwt}?token=qq#frag`, req: { headers: { authorization: `Bearer ${jwt}` } } }, 'failed');
    logger.warn({ auth: { token: 'socket-secret' }, body: { password: 'hunter2hunter2', refreshToken: 'rt-secret' } }, 'refused');
    const text = lines.join('');
    expect(lines).toHaveLength(2);
    for (const secret of [jwt, 'qq', 'frag', 'socket-secret', 'hunter2hunter2', 'rt-secret']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
