// Issue 14, finding 7: a console socket kept working after its token expired or was revoked (REST
// calls were already refused). Now the /console socket is refused a revoked token, and a connected
// one is cut, told why, when its person logs out or gets a new password, and when its token
// expires. Driven by the console's own socket and session code over a real socket.io connection;
// the clock is moved, nobody sleeps. How long each cut took goes out as a JSON line.
import { callMessage, consoleRequests, namespaces, type ConsoleEvent } from '@lienthong/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleSocket } from '../../../web-viewer/src/console/live/console-socket.js';
import { AuthSession } from '../../../web-viewer/src/shared/auth-session.js';
import { signActors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { heard, TestSockets } from '@lienthong/testing/sockets';

const password = 'một mật khẩu rất dài';
const accessCheckMs = 200;

/** The next `event` on the socket (a test that never gets it fails on its own timeout). */
const next = <T = unknown>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));

describe('console sockets end with their access token', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  let hnId = '';
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane({ ACCESS_CHECK_MS: String(accessCheckMs) }, { now });
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    hnId = (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id;
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
    offsetMs = 0;
  });
  afterAll(async () => plane?.stop());

  /** An operator signed in on a console: its session, and its /console socket connected. */
  async function signedInConsole() {
    const username = `dieu.hanh.${randomBytes(4).toString('hex')}`;
    const person = ok(await admin('people.create', { body: { username, displayName: 'Điều hành', password, passwordIsTemporary: false, role: 'operator', unitId: hnId } }));
    const answer = ok(await apiClient(plane.url)('auth.login', { body: { username, password } }));
    const session = new AuthSession(answer, { baseUrl: plane.url, now: () => now().getTime() });
    const ended: string[] = [];
    session.onEnded((reason) => ended.push(reason));
    const socket = openConsoleSocket(session, `${plane.url}${namespaces.console}`);
    sockets.push(socket);
    const connected = next(socket, 'connect');
    socket.connect();
    await connected;
    // It serves the console: an answer, not a refusal.
    await callMessage(socket, consoleRequests, 'unwatch', { conferenceId: randomUUID() });
    return { person, session, socket, ended, accessEnded: heard<ConsoleEvent<'accessEnded'>>(socket, 'accessEnded') };
  }

  /** Revokes, then waits for the cut; answers the disconnect reason and how long the cut took. */
  async function cutBy(socket: Socket, revoke: () => Promise<unknown>) {
    const cut = next<string>(socket, 'disconnect');
    const started = performance.now();
    await revoke();
    const reason = await cut;
    return { reason, ms: Math.round(performance.now() - started) };
  }

  it('a logout elsewhere cuts the socket (revoked); the session ends and the socket stays closed', async () => {
    const c = await signedInConsole();
    const other = ok(await apiClient(plane.url)('auth.login', { body: { username: c.person.username, password } }));
    const { reason, ms } = await cutBy(c.socket, async () => ok(await apiClient(plane.url, other.accessToken)('auth.logout', { body: { refreshToken: other.refreshToken } })));
    console.log(JSON.stringify({ metric: 'console_socket_cut', cause: 'logout', ms, accessCheckMs }));
    expect(reason).toBe('io server disconnect');
    expect(c.accessEnded).toEqual([{ reason: 'revoked' }]);
    // The console tried one refresh: refused, so the session ended (the shell shows the login page).
    await expect.poll(() => c.ended.length).toBe(1);
    expect(c.session.active).toBe(false);
    expect(c.socket.connected).toBe(false);
  });

  it("an admin's password reset cuts the socket (revoked)", async () => {
    const c = await signedInConsole();
    const { ms } = await cutBy(c.socket, async () => ok(await admin('people.update', { params: { id: c.person.id }, body: { password: 'một mật khẩu mới dài' } })));
    console.log(JSON.stringify({ metric: 'console_socket_cut', cause: 'password_reset', ms, accessCheckMs }));
    expect(c.accessEnded).toEqual([{ reason: 'revoked' }]);
    await expect.poll(() => c.session.active).toBe(false);
  });

  it('an expired token cuts the socket (expired); the console reconnects with a fresh token and keeps its page', async () => {
    const c = await signedInConsole();
    const stale = await c.session.accessToken();
    const reconnected = new Promise<void>((resolve) => c.socket.once('disconnect', () => c.socket.once('connect', resolve)));
    const { reason } = await cutBy(c.socket, async () => (offsetMs = 16 * 60_000));
    expect(reason).toBe('io server disconnect');
    expect(c.accessEnded).toEqual([{ reason: 'expired' }]);
    await reconnected;
    expect(await c.session.accessToken()).not.toBe(stale);
    expect(c.session.active).toBe(true);
    await callMessage(c.socket, consoleRequests, 'unwatch', { conferenceId: randomUUID() });
  });
});

describe('console sockets between two checks', () => {
  let plane: TestControlPlane;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    // No sweep during the test: what is refused or cut here is refused or cut by the message itself.
    plane = await startTestControlPlane({ ACCESS_CHECK_MS: '3600000' }, { now });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => plane?.stop());

  async function personToken() {
    const admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    const hnId = (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id;
    const username = `dieu.hanh.${randomBytes(4).toString('hex')}`;
    ok(await admin('people.create', { body: { username, displayName: 'Điều hành', password, passwordIsTemporary: false, role: 'operator', unitId: hnId } }));
    return ok(await apiClient(plane.url)('auth.login', { body: { username, password } }));
  }

  it('refuses to connect with a revoked token', async () => {
    const { accessToken } = await personToken();
    ok(await apiClient(plane.url, accessToken)('auth.logout', { body: {} }));
    const { refused } = await sockets.attempt(namespaces.console, { token: accessToken });
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('revoked') });
  });

  it('answers a message sent after the expiry TOKEN_EXPIRED and cuts the socket', async () => {
    const { accessToken } = await personToken();
    const socket = await sockets.connect(namespaces.console, { token: accessToken });
    const ended = heard<ConsoleEvent<'accessEnded'>>(socket, 'accessEnded');
    const cut = next<string>(socket, 'disconnect');
    offsetMs = 16 * 60_000;
    const refused = await callMessage(socket, consoleRequests, 'unwatch', { conferenceId: randomUUID() }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(await cut).toBe('io server disconnect');
    expect(ended).toEqual([{ reason: 'expired' }]);
  });
});
