import { describe, expect, it } from 'vitest';
import { WatchTracker } from '../src/replay/watch-tracker';

/** Plays from `fromSec` to `toSec` in 250 ms ticks starting at wall time `atMs`; returns the wall time after. */
function play(t: WatchTracker, fromSec: number, toSec: number, atMs: number): number {
  let now = atMs;
  for (let s = fromSec; s <= toSec + 1e-9; s += 0.25) {
    t.tick(s, now);
    now += 250;
  }
  return now;
}

describe('watch tracker', () => {
  it('records continuous playback as one stretch', () => {
    const t = new WatchTracker();
    play(t, 0, 10, 0);
    expect(t.takePending()).toEqual([{ startSec: 0, endSec: 10 }]);
  });

  it('does not count a seek ahead: two stretches, the skipped part left out', () => {
    const t = new WatchTracker();
    const now = play(t, 0, 5, 0);
    // The media jumps to 60 between two ticks (a seek without a "seeking" event, e.g. a chapter click).
    play(t, 60, 65, now);
    expect(t.takePending()).toEqual([
      { startSec: 0, endSec: 5 },
      { startSec: 60, endSec: 65 },
    ]);
  });

  it('closes a stretch on pause and starts afresh after a long stall', () => {
    const t = new WatchTracker();
    let now = play(t, 0, 3, 0);
    t.interrupt();
    now = play(t, 3, 6, now + 60_000);
    // A tick arriving 10 s late (tab in the background) does not claim those 10 s.
    t.tick(16, now + 10_000);
    t.tick(16.25, now + 10_250);
    expect(t.takePending()).toEqual([
      { startSec: 0, endSec: 3 },
      { startSec: 3, endSec: 6 },
      { startSec: 16, endSec: 16.25 },
    ]);
  });

  it('hands over only what is new, and keeps what a failed report gives back', () => {
    const t = new WatchTracker();
    const now = play(t, 0, 4, 0);
    const first = t.takePending();
    expect(first).toEqual([{ startSec: 0, endSec: 4 }]);
    play(t, 4.25, 8, now);
    t.restore(first);
    expect(t.takePending()).toEqual([
      { startSec: 0, endSec: 4 },
      { startSec: 4, endSec: 8 },
    ]);
    expect(t.takePending()).toEqual([]);
  });
});
