// Tabs of one browser sharing one console session (a tab opened from another starts with a copy of
// its sessionStorage), driven by the browser's own session code (AuthSession over real
// BroadcastChannels; Node has no Web Locks, like a console served over plain http on an address):
// - two tabs refreshing at the same instant: the late one was told "already used", which ended the
//   whole session; now it is told REFRESH_RACED, takes the pair the winner shares, and the session
//   lives on (its next refresh works);
// - a new password chosen in one tab cut the other tab's console and sent it to the login page;
//   now that tab takes the new session and its console reconnects.
import { callMessage, consoleRequests, namespaces, type LoginResponse } from '@lienthong/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleSocket } from '../../../web-viewer/src/console/live/console-socket.js';
import { AuthSession } from '../../../web-viewer/src/shared/auth-session.js';
import { sessionPeers } from '../../../web-viewer/src/shared/session-peers.js';
import { signActors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

const password = 'một mật khẩu rất dài';

describe('tabs sharing one session without Web Locks', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  let hnId = '';
  let clockAheadMs = 0;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // No access sweep within the test: a revoked console is cut by the revocation itself.
    // Tokens are signed on a clock the test moves on (a new second) instead of waiting for it.
    plane = await startTestControlPlane({ ACCESS_CHECK_MS: '3600000' }, { now: () => new Date(Date.now() + clockAheadMs) });
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    hnId = (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } })).id;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  /** One login, held by two tabs (each with its own channel to the other, as two pages have). */
  async function twoTabs() {
    expect((globalThis.navigator as { locks?: unknown } | undefined)?.locks).toBeUndefined();
    const username = `dieu.hanh.${randomBytes(4).toString('hex')}`;
    ok(await admin('people.create', { body: { username, displayName: 'Điều hành', password, passwordIsTemporary: false, role: 'operator', unitId: hnId } }));
    const answer: LoginResponse = ok(await apiClient(plane.url)('auth.login', { body: { username, password } }));
    const key = `test-${randomUUID()}`;
    const tab = () => {
      const session = new AuthSession(answer, { baseUrl: plane.url, peers: sessionPeers(key) });
      const ended: string[] = [];
      session.onEnded((reason) => ended.push(reason));
      return { session, ended };
    };
    return { answer, a: tab(), b: tab() };
  }
  const units = async (session: AuthSession) => (await session.fetch(`${plane.url}/api/units`)).status;

  it('two tabs refreshing at the same instant both carry on with one new pair', async () => {
    const { answer, a, b } = await twoTabs();
    // An access token is a JWT of the same claims, stamped to the second: one minted in the login's
    // second would equal the login's. Refresh in the next second, so a new token is a new string.
    clockAheadMs += 1_000;
    await Promise.all([a.session.refresh(), b.session.refresh()]);
    expect([a.ended, b.ended]).toEqual([[], []]);
    const [tokenA, tokenB] = [await a.session.accessToken(), await b.session.accessToken()];
    expect(tokenA).not.toBe(answer.accessToken);
    expect(tokenB).toBe(tokenA);
    // The session itself stood: the shared pair trades again, and works.
    await b.session.refresh();
    expect(b.ended).toEqual([]);
    expect(await units(b.session)).toBe(200);
    // a hears of b's trade: it holds the same, live pair.
    await expect.poll(() => a.session.accessToken()).toBe(await b.session.accessToken());
    expect(await units(a.session)).toBe(200);
  });

  it('a new password chosen in one tab: the other tab takes the new session, its console reconnects', async () => {
    const { answer, a, b } = await twoTabs();
    const socket = openConsoleSocket(b.session, `${plane.url}${namespaces.console}`);
    sockets.push(socket);
    await new Promise<void>((resolve) => {
      socket.once('connect', resolve);
      socket.connect();
    });
    const reconnected = new Promise<void>((resolve) => socket.once('disconnect', () => socket.once('connect', resolve)));

    // What changePassword() does in tab a: the server ends the session and answers a new one, which a takes over.
    const newPassword = 'mật khẩu mới của điều hành';
    const fresh = ok(await apiClient(plane.url, await a.session.accessToken())('auth.changePassword', { body: { currentPassword: password, newPassword } }));
    a.session.handOver(fresh);

    // b's console was cut at once (revoked), tried its refresh (refused: the old session is over),
    // and took the new session from a instead of ending.
    await reconnected;
    expect(b.ended).toEqual([]);
    expect(await b.session.accessToken()).not.toBe(answer.accessToken);
    // Both tabs hold one live pair (b may have traded the new one once more: a then took that).
    await expect.poll(() => a.session.accessToken()).toBe(await b.session.accessToken());
    await callMessage(socket, consoleRequests, 'unwatch', { conferenceId: randomUUID() });
    expect(await units(b.session)).toBe(200);
  });
});
