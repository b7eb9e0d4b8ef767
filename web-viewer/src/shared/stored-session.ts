// A session kept in this tab's sessionStorage (it survives a reload, not the closing of the
// browser): the latest login or refresh answer and when it came. The console and the replay pages
// each keep theirs under their own key.
import { loginResponseSchema, type LoginResponse } from '@lienthong/contracts';
import { AuthSession, type AuthSessionOptions } from './auth-session';
import { sessionPeers } from './session-peers';

interface Stored {
  answer: LoginResponse;
  obtainedAt: number;
}

/** Whether a stored answer can still be used: its access token is alive, or its refresh token has not idled out. */
export function usable({ answer, obtainedAt }: Stored, now: number): boolean {
  if (obtainedAt + answer.expiresIn * 1000 > now) return true;
  return !!answer.refreshToken && !!answer.refreshIdleSeconds && obtainedAt + answer.refreshIdleSeconds * 1000 > now;
}

/** The stored answer if still usable (checked like any input: it may be stale or tampered with). */
export function loadStored(key: string, now = Date.now()): Stored | null {
  try {
    const raw = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { answer?: unknown; obtainedAt?: unknown } | null;
    const answer = loginResponseSchema.safeParse(raw?.answer);
    if (!answer.success || typeof raw?.obtainedAt !== 'number') return null;
    const stored = { answer: answer.data, obtainedAt: raw.obtainedAt };
    return usable(stored, now) ? stored : null;
  } catch {
    return null;
  }
}

export function forgetStored(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}

function store(key: string, answer: LoginResponse | null, obtainedAt: number): void {
  if (!answer) return forgetStored(key);
  try {
    sessionStorage.setItem(key, JSON.stringify({ answer, obtainedAt }));
  } catch {
    // Storage disabled: the session lives as long as the page.
  }
}

/**
 * A session from a login answer, stored now and after every refresh, forgotten when it ends. Other
 * tabs holding a copy of it (opened from this one) take turns to refresh it and share each new pair.
 */
export function storedSession(key: string, answer: LoginResponse, obtainedAt = Date.now(), options: AuthSessionOptions = {}): AuthSession {
  store(key, answer, obtainedAt);
  return new AuthSession(answer, { peers: sessionPeers(key), ...options, onChange: (next, at) => store(key, next, at) }, obtainedAt);
}

/** The tab's stored session, if any is still usable. */
export function restoreSession(key: string, now = Date.now()): AuthSession | null {
  const stored = loadStored(key, now);
  return stored && storedSession(key, stored.answer, stored.obtainedAt);
}
