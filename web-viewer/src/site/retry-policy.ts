import { type FailureCode, isHopeless } from '../shared/failure';

/**
 * What the site endpoint does after a failure. A kiosk at a rural site has nobody at the keyboard,
 * so everything that can heal by itself is retried; a wrong or expired link never heals, so it is
 * shown and left alone (retrying would only hammer the server with a bad token).
 */
export type RetryPlan = { retry: false } | { retry: true; delayMs: number };

/** Waiting for the organisers: no point in asking often. */
const slow: ReadonlySet<FailureCode> = new Set<FailureCode>(['CONFERENCE_NOT_OPEN', 'CAMERA_UNAVAILABLE']);

export const SLOW_RETRY_MS = 15_000;
const BASE_MS = 2_000;
const MAX_MS = 30_000;

/**
 * `attempt` counts consecutive failures, starting at 1. `jitter` (0..1) spreads the retries of
 * thousands of sites that lost the server at the same moment, so they do not all return at once.
 * `retryAfterMs`: the server's own estimate when it turned a join away as BUSY; the retry lands
 * between that and twice that, never sooner (the queue it measured is still draining).
 */
export function retryPlan(code: FailureCode, attempt: number, jitter = Math.random(), retryAfterMs?: number): RetryPlan {
  if (isHopeless(code)) return { retry: false };
  if (code === 'BUSY' && retryAfterMs !== undefined) return { retry: true, delayMs: Math.round(retryAfterMs * (1 + jitter)) };
  const base = slow.has(code) ? SLOW_RETRY_MS : Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return { retry: true, delayMs: Math.round(base * (0.75 + 0.5 * jitter)) };
}
