import type { LoginResponse } from '@lienthong/contracts';
import { AuthSession } from '../../shared/auth-session';
import { forgetStored, restoreSession, storedSession } from '../../shared/stored-session';

/**
 * An operator's session: the login answer, refreshed silently (shared/auth-session.ts) and kept in
 * sessionStorage: it survives a reload of the tab, not the closing of the browser.
 */
export type Session = AuthSession;

const KEY = 'lienthong.console.session';

export const sessionFromLogin = (answer: LoginResponse, obtainedAt = Date.now()): Session => storedSession(KEY, answer, obtainedAt);

/** The tab's session if its access token is alive or its refresh token has not idled out. */
export const loadSession = (now = Date.now()): Session | null => restoreSession(KEY, now);

/** A token pasted as `/console#token=…`: no refresh, nobody named. */
export const sessionFromToken = (token: string): Session => new AuthSession({ accessToken: token });

export const forgetSession = (): void => forgetStored(KEY);
