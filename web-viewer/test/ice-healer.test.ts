import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceHealer } from '../src/site/ice-healer';

const policy = { disconnectedGraceMs: 2_000, restartTimeoutMs: 8_000, maxRestarts: 3 };

describe('IceHealer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(restartResult: () => Promise<void> = () => Promise.resolve()) {
    const restart = vi.fn(restartResult);
    const giveUp = vi.fn();
    return { healer: new IceHealer(restart, giveUp, policy), restart, giveUp };
  }

  it('leaves a short disconnection alone', () => {
    const { healer, restart } = setup();
    healer.stateChanged('disconnected');
    vi.advanceTimersByTime(1_500);
    healer.stateChanged('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('restarts ICE once a disconnection outlasts the grace, and stops when connected again', () => {
    const { healer, restart, giveUp } = setup();
    healer.stateChanged('disconnected');
    vi.advanceTimersByTime(2_000);
    expect(restart).toHaveBeenCalledTimes(1);
    healer.stateChanged('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(giveUp).not.toHaveBeenCalled();
    expect(healer.restarts).toBe(1);
  });

  it('restarts at once on failure, retries while it does not reconnect, then gives up', () => {
    const { healer, restart, giveUp } = setup();
    healer.stateChanged('failed');
    expect(restart).toHaveBeenCalledTimes(1);
    healer.stateChanged('failed'); // the same failure reported again is not a new restart
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(8_000);
    vi.advanceTimersByTime(8_000);
    expect(restart).toHaveBeenCalledTimes(3);
    expect(giveUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(8_000);
    expect(giveUp).toHaveBeenCalledTimes(1);
  });

  it('counts attempts afresh after a success', () => {
    const { healer, restart, giveUp } = setup();
    for (let blip = 0; blip < 5; blip++) {
      healer.stateChanged('failed');
      healer.stateChanged('connected');
    }
    expect(restart).toHaveBeenCalledTimes(5);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('gives up at once when the server cannot restart (transport or node gone)', async () => {
    const { healer, giveUp } = setup(() => Promise.reject(new Error('NOT_FOUND')));
    healer.stateChanged('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(giveUp).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(giveUp).toHaveBeenCalledTimes(1);
  });

  it('does nothing after close', () => {
    const { healer, restart } = setup();
    healer.stateChanged('disconnected');
    healer.close();
    vi.advanceTimersByTime(60_000);
    healer.stateChanged('failed');
    expect(restart).not.toHaveBeenCalled();
  });
});
