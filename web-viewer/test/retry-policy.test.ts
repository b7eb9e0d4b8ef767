import { describe, expect, it } from 'vitest';
import { retryPlan, SLOW_RETRY_MS } from '../src/site/retry-policy';

describe('retryPlan', () => {
  it.each(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'FORBIDDEN', 'NOT_FOUND', 'MISSING_TOKEN'] as const)(
    'never retries %s',
    (code) => expect(retryPlan(code, 1, 0.5)).toEqual({ retry: false }),
  );

  it('waits patiently for a conference to open', () => {
    expect(retryPlan('CONFERENCE_NOT_OPEN', 7, 0.5)).toEqual({ retry: true, delayMs: SLOW_RETRY_MS });
  });

  it('backs off exponentially up to 30 s for transient failures', () => {
    const delays = [1, 2, 3, 4, 5, 6, 10].map((n) => {
      const plan = retryPlan('MEDIA_NODE_FAILED', n, 0.5);
      return plan.retry ? plan.delayMs : -1;
    });
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads retries by ±25 %', () => {
    const low = retryPlan('TIMEOUT', 1, 0);
    const high = retryPlan('TIMEOUT', 1, 1);
    expect(low).toEqual({ retry: true, delayMs: 1_500 });
    expect(high).toEqual({ retry: true, delayMs: 2_500 });
  });

  it('follows a BUSY answer\'s own estimate, spread between it and twice it', () => {
    expect(retryPlan('BUSY', 1, 0, 4_000)).toEqual({ retry: true, delayMs: 4_000 });
    expect(retryPlan('BUSY', 1, 1, 4_000)).toEqual({ retry: true, delayMs: 8_000 });
    // Without an estimate it backs off like any transient failure.
    expect(retryPlan('BUSY', 2, 0.5)).toEqual({ retry: true, delayMs: 4_000 });
  });
});
