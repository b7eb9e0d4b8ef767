import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetSession, loadSession, sessionFromLogin } from '../src/console/shell/session';

const person = {
  id: '0b6f8a52-3f43-4c8e-9d1e-2a1b3c4d5e6f',
  username: 'hn.operator',
  displayName: 'Nguyễn Văn Hà',
  role: 'operator' as const,
  unitId: '1b6f8a52-3f43-4c8e-9d1e-2a1b3c4d5e6f',
  unitName: 'Thành phố Hà Nội',
  siteId: null,
  siteName: null,
  canLogIn: true,
  mustChangePassword: false,
};
const bare = { accessToken: 'a.b.c', tokenType: 'Bearer' as const, expiresIn: 900, person };
const refreshable = { ...bare, refreshToken: 'r1', refreshIdleSeconds: 8 * 3600 };
const KEY = 'lienthong.console.session';

describe('a console session kept in the tab', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    });
  });
  afterEach(() => {
    store.clear();
    vi.unstubAllGlobals();
  });

  it('without a refresh token, lasts until its access token expires (15 minutes after it was obtained)', () => {
    sessionFromLogin(bare, 1_000_000);
    expect(loadSession(1_000_000 + 899_000)?.person).toEqual(person);
    expect(loadSession(1_900_000)).toBeNull();
  });

  it('with a refresh token, survives a reload after the access token lapsed, until the refresh token idles out (8 h)', () => {
    sessionFromLogin(refreshable, 0);
    expect(loadSession(2 * 3600_000)?.person?.username).toBe('hn.operator');
    expect(loadSession(8 * 3600_000 - 1)).not.toBeNull();
    expect(loadSession(8 * 3600_000)).toBeNull();
  });

  it('refuses a stored session that is not a login answer, and forgets on logout', () => {
    store.set(KEY, JSON.stringify({ answer: { accessToken: 'x' }, obtainedAt: 1 }));
    expect(loadSession(2)).toBeNull();
    store.set(KEY, '{not json');
    expect(loadSession(2)).toBeNull();
    sessionFromLogin(bare, 0);
    forgetSession();
    expect(loadSession(1)).toBeNull();
  });

  it('is forgotten when it is ended, here and on the server', async () => {
    const session = sessionFromLogin(refreshable, Date.now());
    expect(store.has(KEY)).toBe(true);
    const calls: string[] = [];
    vi.stubGlobal('fetch', (url: string) => (calls.push(url), Promise.resolve(new Response('{"loggedOut":true}'))));
    await session.logout();
    expect(store.has(KEY)).toBe(false);
    expect(calls).toEqual(['/api/auth/logout']);
    await expect(session.accessToken()).rejects.toThrow('signed out');
  });
});
