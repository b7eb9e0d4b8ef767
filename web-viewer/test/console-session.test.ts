import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetSession, loadSession, storeLogin } from '../src/console/shell/session';

const person = {
  id: '0b6f8a52-3f43-4c8e-9d1e-2a1b3c4d5e6f',
  username: 'hn.operator',
  displayName: 'Nguyễn Văn Hà',
  role: 'operator' as const,
  unitId: '1b6f8a52-3f43-4c8e-9d1e-2a1b3c4d5e6f',
  siteId: null,
  canLogIn: true,
};
const answer = { accessToken: 'a.b.c', tokenType: 'Bearer' as const, expiresIn: 900, person };

describe('console session', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    (globalThis as any).sessionStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
  });
  afterEach(() => {
    store.clear();
    delete (globalThis as any).sessionStorage;
  });

  it('keeps a login until its token expires (15 minutes after it was obtained)', () => {
    storeLogin(answer, 1_000_000);
    expect(loadSession(1_000_000 + 899_000)).toEqual({ token: 'a.b.c', expiresAt: 1_900_000, person });
    expect(loadSession(1_900_000)).toBeNull();
  });

  it('refuses a stored session that is not a login answer, and forgets on logout', () => {
    store.set('lienthong.console.session', JSON.stringify({ answer: { accessToken: 'x' }, obtainedAt: 1 }));
    expect(loadSession(2)).toBeNull();
    store.set('lienthong.console.session', '{not json');
    expect(loadSession(2)).toBeNull();
    storeLogin(answer, 0);
    forgetSession();
    expect(loadSession(1)).toBeNull();
  });
});
