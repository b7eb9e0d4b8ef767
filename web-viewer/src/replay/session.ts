// The member's session for the replay pages: from POST /api/auth/login (kept in this tab's
// sessionStorage while it can be refreshed), or a token handed over in the fragment (`#token=…`).
import type { LoginResponse } from '@lienthong/contracts';
import { AuthSession } from '../shared/auth-session';
import { fragmentParam } from '../shared/fragment';
import { logIn } from '../shared/login';
import { forgetStored, restoreSession, storedSession } from '../shared/stored-session';

const STORAGE_KEY = 'lienthong.replay.session';

export interface ReplaySession {
  /** Refreshes itself while the member watches: a long recording outlives the access token. */
  auth: AuthSession;
  displayName: string | null;
  role: string | null;
}

/** What the pages read of a session (again after its person changed). */
export const replaySessionOf = (auth: AuthSession): ReplaySession => ({ auth, displayName: auth.person?.displayName ?? null, role: auth.person?.role ?? null });

export function loadSession(): ReplaySession | null {
  const fromFragment = fragmentParam('token');
  if (fromFragment) return { auth: new AuthSession({ accessToken: fromFragment }), displayName: null, role: roleClaim(fromFragment) };
  const stored = restoreSession(STORAGE_KEY);
  return stored && replaySessionOf(stored);
}

export function forgetSession(): void {
  forgetStored(STORAGE_KEY);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

/** Signs in with the same API as the console; the session is kept for this tab. */
export async function login(username: string, password: string): Promise<ReplaySession> {
  return sessionFromAnswer(await logIn(username, password));
}

/** A session from a login answer (a sign-in, or a new password chosen), kept for this tab. */
export const sessionFromAnswer = (answer: LoginResponse): ReplaySession => replaySessionOf(storedSession(STORAGE_KEY, answer));

/** The role a token claims, read without verifying it: only to choose what the page offers (the server decides). */
function roleClaim(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}
