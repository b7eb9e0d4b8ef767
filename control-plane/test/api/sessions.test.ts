// Sessions (issue 14 finding 5, issue 17 "logged out every 15 minutes"): login limits per
// username, address and both; logout and password resets revoke every older token; refresh tokens
// rotate, are revoked, and a reused one ends its session; every token must expire; and a console
// session outlives its access token by refreshing silently (the clock is moved, nobody sleeps), on
// REST and on its /console socket, even when the browser's clock lags the server's.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { openConsoleSocket } from '../../../web-viewer/src/console/live/console-socket.js';
import { AuthSession } from '../../../web-viewer/src/shared/auth-session.js';
import { signActors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe('sessions', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  const secret = randomBytes(32).toString('hex');
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  let hnId = '';
  let counter = 0;

  beforeAll(async () => {
    plane = await startTestControlPlane(
      // A reuse later than a second after the use is a stolen copy, not two tabs racing (session-tabs.test.ts).
      { AUTH_SECRET: secret, TRUST_PROXY: '1', LOGIN_FAILURES_PER_USERNAME: '10', LOGIN_FAILURES_PER_ADDRESS: '50', REFRESH_RACE_SECONDS: '1' },
      { now },
    );
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    hnId = (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id;
  });
  afterAll(async () => plane?.stop());

  const password = 'một mật khẩu rất dài';
  async function newPerson(role: 'operator' | 'member' = 'operator') {
    const username = `nguoi.${++counter}.${randomBytes(3).toString('hex')}`;
    const person = ok(await admin('people.create', { body: { username, displayName: 'Người thử', password, passwordIsTemporary: false, role, unitId: hnId } }));
    return { ...person, username };
  }
  /** A login from a given client address (TRUST_PROXY=1 believes X-Forwarded-For). */
  async function login(username: string, pass: string, from = '10.0.0.1') {
    const res = await fetch(`${plane.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ username, password: pass }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { accessToken: string; refreshToken: string; details?: { retryAfterSeconds?: number } } };
  }
  const unitsWith = async (token: string) => (await apiClient(plane.url, token)('units.list')).status;
  const refresh = async (refreshToken: string) =>
    apiClient(plane.url)('auth.refresh', { body: { refreshToken } });

  it('30 addresses cannot try 300 passwords: failures are counted per username from every address', async () => {
    const { username } = await newPerson();
    const statuses: number[] = [];
    for (let address = 1; address <= 30; address++) {
      for (let guess = 0; guess < 2; guess++) statuses.push((await login(username, `đoán ${address}-${guess}`, `10.9.0.${address}`)).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
  });

  it('one shared address is not locked out by one person guessing', async () => {
    const guessed = await newPerson();
    const other = await newPerson();
    for (let i = 0; i < 12; i++) await login(guessed.username, `sai ${i}`, '10.8.0.1');
    expect((await login(guessed.username, password, '10.8.0.1')).status).toBe(429);
    expect((await login(other.username, password, '10.8.0.1')).status).toBe(200);
  });

  it('consecutive failures from one address back off, and say how long to wait', async () => {
    const { username } = await newPerson();
    for (let i = 0; i < 4; i++) expect((await login(username, `sai ${i}`, '10.7.0.1')).status).toBe(401);
    const waiting = await login(username, password, '10.7.0.1');
    expect(waiting.status).toBe(429);
    expect(waiting.body.details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The backoff is for that address: the person signs in from their own desk.
    expect((await login(username, password, '10.7.0.2')).status).toBe(200);
  });

  it("an admin's password reset revokes the old access and refresh tokens", async () => {
    const person = await newPerson();
    const { body } = await login(person.username, password, '10.6.0.1');
    expect(await unitsWith(body.accessToken)).toBe(200);
    ok(await admin('people.update', { params: { id: person.id }, body: { password: 'một mật khẩu mới dài' } }));
    expect(await unitsWith(body.accessToken)).toBe(401);
    expect((await refresh(body.refreshToken)).status).toBe(401);
    expect((await login(person.username, 'một mật khẩu mới dài', '10.6.0.1')).status).toBe(200);
  });

  it('logout revokes the access token and the refresh token', async () => {
    const person = await newPerson('member');
    const { body } = await login(person.username, password, '10.5.0.1');
    const other = (await login(person.username, password, '10.5.0.2')).body;
    ok(await apiClient(plane.url, body.accessToken)('auth.logout', { body: { refreshToken: body.refreshToken } }));
    expect((await apiClient(plane.url, body.accessToken)('recordings.list')).status).toBe(401);
    expect((await refresh(body.refreshToken)).status).toBe(401);
    // Every session of the person ends (the other PC too).
    expect((await apiClient(plane.url, other.accessToken)('recordings.list')).status).toBe(401);
    expect((await apiClient(plane.url)('auth.logout', { body: {} })).status).toBe(401);
  });

  it('refresh tokens rotate; a reused one ends the whole session', async () => {
    const person = await newPerson();
    const first = (await login(person.username, password, '10.4.0.1')).body;
    const second = ok(await refresh(first.refreshToken));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await unitsWith(second.accessToken)).toBe(200);
    // Someone replays the spent token (later than a race between tabs would: REFRESH_RACED until
    // then): refused, and the thief's rival (the live one) dies too.
    await expect.poll(async () => (await refresh(first.refreshToken)).error?.message, { timeout: 10_000, interval: 250 }).toMatch(/already used/);
    expect((await refresh(second.refreshToken!)).status).toBe(401);
  });

  it('refuses a token of any kind without an expiry', async () => {
    const key = new TextEncoder().encode(secret);
    const hn = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } });
    const forever = await new SignJWT({ typ: 'operator', role: 'system_admin', unit: hn.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setIssuer('lienthong')
      .setIssuedAt()
      .sign(key);
    expect(await unitsWith(forever)).toBe(401);
  });

  it('a console session outlives its access token (15 min) for a two-hour conference, refreshing silently', async () => {
    const person = await newPerson();
    const answer = ok(await apiClient(plane.url)('auth.login', { body: { username: person.username, password } }));
    const session = new AuthSession(answer, { baseUrl: plane.url, now: () => now().getTime() });
    const listUnits = async () => (await session.fetch(`${plane.url}/api/units`)).status;
    const stale = answer.accessToken;
    expect(await listUnits()).toBe(200);
    for (let minute = 10; minute <= 120; minute += 10) {
      offsetMs = minute * 60_000;
      expect(await listUnits()).toBe(200);
    }
    // The first token did lapse: the session carried on with fresh ones.
    expect(await unitsWith(stale)).toBe(401);
    await session.logout();
    offsetMs = 0;
  });

  /** The server's clock runs ahead; the browser's does not (its token looks fresh to it). */
  const skewed = async () => {
    const person = await newPerson();
    const answer = ok(await apiClient(plane.url)('auth.login', { body: { username: person.username, password } }));
    return new AuthSession(answer, { baseUrl: plane.url });
  };

  it('a 401 TOKEN_EXPIRED is mended by one refresh and one retry; a revoked session is not retried', async () => {
    const session = await skewed();
    const before = await session.accessToken();
    offsetMs = 20 * 60_000;
    try {
      expect((await session.fetch(`${plane.url}/api/units`)).status).toBe(200);
      expect(await session.accessToken()).not.toBe(before);
      // Logged out elsewhere: UNAUTHENTICATED, not an expiry; the refresh token is dead anyway.
      ok(await apiClient(plane.url, await session.accessToken())('auth.logout', { body: {} }));
      const refused = await session.fetch(`${plane.url}/api/units`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      expect(session.active).toBe(true);
    } finally {
      offsetMs = 0;
    }
  });

  it("the console socket reconnects after its access token lapsed: a fresh token on every connection", async () => {
    const session = await skewed();
    const socket = openConsoleSocket(session, `${plane.url}/console`);
    const connections = () => new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      setTimeout(() => reject(new Error('no connection')), 15_000).unref();
    });
    try {
      const first = connections();
      socket.connect();
      await first;
      const stale = await session.accessToken();
      offsetMs = 20 * 60_000;
      // The network drops the connection (not the client closing it): socket.io reconnects by itself.
      const refusals: string[] = [];
      socket.on('connect_error', (err: Error & { data?: { code?: string } }) => refusals.push(err.data?.code ?? err.message));
      const again = connections();
      (socket as Socket & { io: { engine: { close(): void } } }).io.engine.close();
      await again;
      // The browser thought its token fresh and showed it; the server refused it; one refresh mended it.
      expect(refusals).toEqual(['TOKEN_EXPIRED']);
      expect(await session.accessToken()).not.toBe(stale);
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
      offsetMs = 0;
    }
  });
});
