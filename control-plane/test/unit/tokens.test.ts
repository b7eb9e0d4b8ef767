import { LienthongError, tokenLifetime } from '@lienthong/contracts';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenService } from '../../src/auth/tokens.js';

const secret = 'x'.repeat(40);
const tokens = new TokenService(secret);

async function failure(p: Promise<unknown>): Promise<LienthongError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LienthongError);
  return err as LienthongError;
}

describe('TokenService', () => {
  it('round-trips each kind of token', async () => {
    const site = await tokens.verify(await tokens.signSite({ sub: 's1', conf: 'c1' }, 60), 'site');
    // A token minted without a join link is of generation 0 (revoked with the site's first re-issued link).
    expect(site).toEqual({ typ: 'site', sub: 's1', conf: 'c1', gen: 0 });
    const linked = await tokens.verify(await tokens.signSite({ sub: 's1', conf: 'c1', gen: 3 }, 60), 'site');
    expect(linked.gen).toBe(3);
    const node = await tokens.verify(await tokens.signNode({ sub: 'node-1' }), 'node');
    expect(node).toEqual({ typ: 'node', sub: 'node-1' });
    const op = await tokens.verify(await tokens.signOperator({ sub: 'p1', role: 'operator', unit: 'u1' }), 'operator');
    expect(op).toEqual({ typ: 'operator', sub: 'p1', role: 'operator', unit: 'u1' });
  });

  it('keeps each kind of token to its own door', async () => {
    const nodeToken = await tokens.signNode({ sub: 'node-1' });
    expect((await failure(tokens.verify(nodeToken, 'site'))).code).toBe('FORBIDDEN');
  });

  it('refuses another secret, garbage and expired tokens with distinct codes', async () => {
    const foreign = await new TokenService('y'.repeat(40)).signSite({ sub: 's', conf: 'c' }, 60);
    expect((await failure(tokens.verify(foreign, 'site'))).code).toBe('UNAUTHENTICATED');
    expect((await failure(tokens.verify('not.a.jwt', 'site'))).code).toBe('UNAUTHENTICATED');
    const expired = await new SignJWT({ typ: 'site', conf: 'c' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('lienthong')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    expect((await failure(tokens.verify(expired, 'site'))).code).toBe('TOKEN_EXPIRED');
  });

  it('signs and checks on an injected clock, with the same keys (no test waits for a token to lapse)', async () => {
    const aMinuteAgo = tokens.withClock(() => new Date(Date.now() - 60_000));
    const lapsed = await aMinuteAgo.signSite({ sub: 's', conf: 'c' }, 30);
    expect((await failure(tokens.verify(lapsed, 'site'))).code).toBe('TOKEN_EXPIRED');
    expect(await aMinuteAgo.verify(lapsed, 'site')).toMatchObject({ sub: 's' });
    const fresh = await tokens.signSite({ sub: 's', conf: 'c' }, 60);
    const anHourOn = tokens.withClock(() => new Date(Date.now() + 3_600_000));
    expect((await failure(anHourOn.verify(fresh, 'site'))).code).toBe('TOKEN_EXPIRED');
  });

  // Tokens made by another library (jose), so the checks do not rest on the signer's own habits.
  const signedBy = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT, alg = 'HS256') =>
    build(new SignJWT(claims).setProtectedHeader({ alg }).setSubject('s')).sign(new TextEncoder().encode(secret));

  it('refuses tokens that never expire, come from another issuer or use another algorithm', async () => {
    const forever = await signedBy({ typ: 'site', conf: 'c', gen: 0 }, (t) => t.setIssuer('lienthong'));
    expect((await failure(tokens.verify(forever, 'site'))).code).toBe('UNAUTHENTICATED');
    const foreignIssuer = await signedBy({ typ: 'site', conf: 'c', gen: 0 }, (t) => t.setIssuer('elsewhere').setExpirationTime('1h'));
    expect((await failure(tokens.verify(foreignIssuer, 'site'))).code).toBe('UNAUTHENTICATED');
    const noIssuer = await signedBy({ typ: 'site', conf: 'c', gen: 0 }, (t) => t.setExpirationTime('1h'));
    expect((await failure(tokens.verify(noIssuer, 'site'))).code).toBe('UNAUTHENTICATED');
    const hs512 = await signedBy({ typ: 'site', conf: 'c', gen: 0 }, (t) => t.setIssuer('lienthong').setExpirationTime('1h'), 'HS512');
    expect((await failure(tokens.verify(hs512, 'site'))).code).toBe('UNAUTHENTICATED');
    // An unsigned token (alg none) with good claims.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ typ: 'site', conf: 'c', gen: 0, sub: 's', iss: 'lienthong', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    expect((await failure(tokens.verify(unsigned, 'site'))).code).toBe('UNAUTHENTICATED');
    // A jose-made token with everything right passes.
    const good = await signedBy({ typ: 'site', conf: 'c', gen: 0 }, (t) => t.setIssuer('lienthong').setExpirationTime('1h'));
    expect(await tokens.verify(good, 'site')).toEqual({ typ: 'site', sub: 's', conf: 'c', gen: 0 });
  });

  it('says when it was issued and when it lapses (services renew theirs two thirds in)', async () => {
    const at = new Date('2026-12-06T10:00:00Z');
    const token = await tokens.withClock(() => at).signNode({ sub: 'n' }, 600);
    expect(tokenLifetime(token)).toEqual({ issuedAt: at.getTime(), expiresAt: at.getTime() + 600_000 });
  });

  it('lets a logout use a token up to a day late, not later', async () => {
    const lapsed = await tokens.withClock(() => new Date(Date.now() - 3_600_000)).signOperator({ sub: 'p', role: 'operator', unit: 'u' }, 60);
    expect((await failure(tokens.verify(lapsed, 'operator'))).code).toBe('TOKEN_EXPIRED');
    expect(await tokens.verify(lapsed, 'operator', { allowExpired: true })).toMatchObject({ sub: 'p' });
    const twoDaysOn = tokens.withClock(() => new Date(Date.now() + 2 * 86_400_000));
    expect((await failure(twoDaysOn.verify(lapsed, 'operator', { allowExpired: true }))).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a correctly signed token with malformed claims', async () => {
    const odd = await new SignJWT({ typ: 'site' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('lienthong')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    expect((await failure(tokens.verify(odd, 'site'))).code).toBe('UNAUTHENTICATED');
  });
});
