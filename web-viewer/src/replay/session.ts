// The member's access token for the replay pages: from POST /api/auth/login (kept in this tab's
// sessionStorage until it expires), or handed over in the fragment (`#token=…`) like the console.
import { loginResponseSchema, type LoginResponse } from '@lienthong/contracts';
import { fragmentParam } from '../shared/fragment';
import { Failure } from '../shared/failure';

const STORAGE_KEY = 'lienthong.replay.session';

export interface ReplaySession {
  token: string;
  displayName: string | null;
  role: string | null;
  /** ms since epoch; null when unknown (a token from the fragment) */
  expiresAt: number | null;
}

export function loadSession(): ReplaySession | null {
  const fromFragment = fragmentParam('token');
  if (fromFragment) return { token: fromFragment, displayName: null, role: roleClaim(fromFragment), expiresAt: null };
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ReplaySession | null;
    if (stored?.token && (stored.expiresAt === null || stored.expiresAt > Date.now())) return stored;
  } catch {
    // Storage disabled or a stale shape: sign in again.
  }
  return null;
}

export function forgetSession(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

/** Signs in with the same API as the console (rate limited server-side); a wrong password is UNAUTHENTICATED. */
export async function login(username: string, password: string): Promise<ReplaySession> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (err) {
    throw new Failure('NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) throw new Failure(response.status === 429 ? 'TOO_MANY_REQUESTS' : 'UNAUTHENTICATED', `HTTP ${response.status}`);
  const answer = loginResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!answer.success) throw new Failure('BAD_RESPONSE', 'login answer');
  const session = toSession(answer.data);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Not kept across reloads; fine.
  }
  return session;
}

const toSession = (a: LoginResponse): ReplaySession => ({
  token: a.accessToken,
  displayName: a.person.displayName,
  role: a.person.role,
  // A little early, so a report never goes out with a token about to lapse.
  expiresAt: Date.now() + (a.expiresIn - 15) * 1000,
});

/** The role a token claims, read without verifying it: only to choose what the page offers (the server decides). */
function roleClaim(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}
