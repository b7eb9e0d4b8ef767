import { afterEach, describe, expect, it, vi } from 'vitest';
import { DetachedSessions, sessionResumeGraceMs } from '../../src/live/detached-sessions.js';

describe('detached sessions', () => {
  afterEach(() => vi.useRealTimers());

  it('ends a session not resumed within the grace, once', () => {
    vi.useFakeTimers();
    const detached = new DetachedSessions();
    const expired = vi.fn();
    detached.detach('site-1', 'socket-a', expired);
    vi.advanceTimersByTime(sessionResumeGraceMs - 1);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(detached.size).toBe(0);
  });

  it('forgets a session resumed (or left) in time', () => {
    vi.useFakeTimers();
    const detached = new DetachedSessions(1000);
    const expired = vi.fn();
    detached.detach('site-1', 'socket-a', expired);
    detached.settle('site-1');
    vi.advanceTimersByTime(5000);
    expect(expired).not.toHaveBeenCalled();
  });

  it('counts the grace from the latest drop of a site', () => {
    vi.useFakeTimers();
    const detached = new DetachedSessions(1000);
    const first = vi.fn();
    const second = vi.fn();
    detached.detach('site-1', 'socket-a', first);
    vi.advanceTimersByTime(800);
    detached.detach('site-1', 'socket-b', second);
    vi.advanceTimersByTime(800);
    expect(first).not.toHaveBeenCalled();
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });
});
