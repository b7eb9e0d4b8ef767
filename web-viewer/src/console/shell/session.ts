import { loginResponseSchema, type LoginResponse } from '@lienthong/contracts';

/**
 * An operator's session: the access token from POST /api/auth/login, when it expires and who it
 * is. Kept in sessionStorage: it survives a reload of the tab, not the closing of the browser.
 */
export interface Session {
  token: string;
  /** ms since the epoch */
  expiresAt: number;
  /** null for a token pasted as `/console#token=…` (no login answer to say who). */
  person: LoginResponse['person'] | null;
}

const KEY = 'lienthong.console.session';

export function sessionFromLogin(answer: LoginResponse, obtainedAt = Date.now()): Session {
  return { token: answer.accessToken, expiresAt: obtainedAt + answer.expiresIn * 1000, person: answer.person };
}

/** The stored session if it is still valid (the stored login answer is checked like any input). */
export function loadSession(now = Date.now()): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { answer?: unknown; obtainedAt?: unknown } | null;
    const answer = loginResponseSchema.safeParse(stored?.answer);
    if (!answer.success || typeof stored?.obtainedAt !== 'number') return null;
    const session = sessionFromLogin(answer.data, stored.obtainedAt);
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function storeLogin(answer: LoginResponse, obtainedAt: number): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ answer, obtainedAt }));
  } catch {
    // Storage disabled: the session lives as long as the page.
  }
}

export function forgetSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
