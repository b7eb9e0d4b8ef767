// Issue 14: a revoked console was cut only by the next access sweep (ACCESS_CHECK_MS, 10 s by
// default). A raised token version is now passed to every replica at once: here the sweep is an
// hour apart, the operator's console is on one replica, and the logout, the password reset and the
// disabling go to the other; each cuts the console (told 'revoked') long before any sweep.
import { callMessage, consoleRequests, namespaces, type ConsoleEvent, type LoginResponse } from '@lienthong/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startReplicas, type Replicas } from '../support/replicas.js';
import { heard } from '@lienthong/testing/sockets';

const password = 'một mật khẩu rất dài';

describe('a revocation on one replica cuts the consoles on another at once', () => {
  let replicas: Replicas;
  let admin: ApiClient;
  let hnId = '';
  const sockets: Socket[] = [];
  const a = () => replicas.planes[0]!;
  const b = () => replicas.planes[1]!;

  beforeAll(async () => {
    // No sweep within the test: whatever cuts the socket is the revocation itself.
    replicas = await startReplicas(2, { ACCESS_CHECK_MS: '3600000' });
    const tw = await a().db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    hnId = (await a().db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id;
    admin = apiClient(a().url, await a().tokens.signOperator({ sub: `test-admin-${randomUUID()}`, role: 'system_admin', unit: tw.id }, 3600));
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => replicas?.stop());

  /** A new operator, signed in on replica A, with a console socket serving on replica B. */
  async function consoleOnB() {
    const username = `dieu.hanh.${randomBytes(4).toString('hex')}`;
    const person = ok(await admin('people.create', { body: { username, displayName: 'Điều hành', password, passwordIsTemporary: false, role: 'operator', unitId: hnId } }));
    const login: LoginResponse = ok(await apiClient(a().url)('auth.login', { body: { username, password } }));
    const socket = io(`${b().url}${namespaces.console}`, { auth: { token: login.accessToken }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    // It serves the console: an answer, not a refusal.
    await callMessage(socket, consoleRequests, 'unwatch', { conferenceId: randomUUID() });
    const accessEnded = heard<ConsoleEvent<'accessEnded'>>(socket, 'accessEnded');
    const cut = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    return { person, login, socket, accessEnded, cut };
  }

  it('a logout on A cuts the console on B', async () => {
    const c = await consoleOnB();
    ok(await apiClient(a().url, c.login.accessToken)('auth.logout', { body: { refreshToken: c.login.refreshToken } }));
    expect(await c.cut).toBe('io server disconnect');
    expect(c.accessEnded).toEqual([{ reason: 'revoked' }]);
  });

  it("an admin's password reset on A cuts the console on B", async () => {
    const c = await consoleOnB();
    ok(await admin('people.update', { params: { id: c.person.id }, body: { password: 'một mật khẩu mới dài' } }));
    expect(await c.cut).toBe('io server disconnect');
    expect(c.accessEnded).toEqual([{ reason: 'revoked' }]);
  });

  it('disabling the person on A cuts the console on B', async () => {
    const c = await consoleOnB();
    ok(await admin('people.disable', { params: { id: c.person.id } }));
    expect(await c.cut).toBe('io server disconnect');
    expect(c.accessEnded).toEqual([{ reason: 'revoked' }]);
  });

  it('a console on B opened after the revocation with a new token stays', async () => {
    const c = await consoleOnB();
    ok(await apiClient(a().url, c.login.accessToken)('auth.logout', { body: {} }));
    await c.cut;
    const again = ok(await apiClient(a().url)('auth.login', { body: { username: c.person.username, password } }));
    const fresh = io(`${b().url}${namespaces.console}`, { auth: { token: again.accessToken }, transports: ['websocket'], reconnection: false });
    sockets.push(fresh);
    await new Promise<void>((resolve) => fresh.once('connect', resolve));
    await callMessage(fresh, consoleRequests, 'unwatch', { conferenceId: randomUUID() });
    expect(fresh.connected).toBe(true);
  });
});
