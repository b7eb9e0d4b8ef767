import { describe, expect, it } from 'vitest';
import { firstStill, stillStep, stillTiming, type StillAction, type StillPhase } from '../src/site/receive/slide-stills';
import { StillTaker, type StillSource } from '../src/site/receive/still-taker';

const { everyMs, fetchMs, retryMs, quickRetries } = stillTiming;
const waiting = (until: number, misses = 0): StillPhase => ({ kind: 'waiting', until, misses });
const fetching = (since: number, frames: number, misses = 0): StillPhase => ({ kind: 'fetching', since, frames, misses });

describe('slide stills: the policy', () => {
  it.each([
    { what: 'a consumer that never decoded a frame: the first still at once', frames: 0, until: 1000 },
    { what: 'a picture already on screen: the first still waits its turn', frames: 40, until: 1000 + everyMs },
  ])('starts: $what', ({ frames, until }) => {
    expect(firstStill(1000, frames)).toEqual(waiting(until));
  });

  it.each<{ what: string; phase: StillPhase; now: number; frames: number; next: StillPhase; action: StillAction | null; shown?: boolean }>([
    { what: 'not due yet: nothing', phase: waiting(5000), now: 4999, frames: 3, next: waiting(5000), action: null },
    { what: 'due: resume, counting from the frames decoded so far', phase: waiting(5000, 1), now: 5000, frames: 3, next: fetching(5000, 3, 1), action: 'resume' },
    { what: 'resumed, no frame yet: keep waiting for it', phase: fetching(5000, 3), now: 5000 + fetchMs - 1, frames: 3, next: fetching(5000, 3), action: null },
    { what: 'a new frame: pause, the next still in a while', phase: fetching(5000, 3), now: 5400, frames: 4, next: waiting(5400 + everyMs), action: 'pause', shown: true },
    { what: 'two frames before the look: still one pause', phase: fetching(5000, 3), now: 5600, frames: 5, next: waiting(5600 + everyMs), action: 'pause', shown: true },
    { what: 'a new frame after misses: the misses are forgotten', phase: fetching(5000, 3, 2), now: 5400, frames: 4, next: waiting(5400 + everyMs), action: 'pause', shown: true },
    {
      what: 'nothing ever decoded and no frame: consumed afresh, soon again',
      phase: fetching(5000, 0),
      now: 5000 + fetchMs,
      frames: 0,
      next: waiting(5000 + fetchMs + retryMs, 1),
      action: 'renew',
    },
    {
      what: 'a still on screen, one miss: just pause (a fresh consumer would blank it), soon again',
      phase: fetching(5000, 3),
      now: 5000 + fetchMs,
      frames: 3,
      next: waiting(5000 + fetchMs + retryMs, 1),
      action: 'pause',
    },
    {
      what: 'a still on screen, second miss in a row: consumed afresh (the slide may be stale)',
      phase: fetching(5000, 3, 1),
      now: 5000 + fetchMs,
      frames: 3,
      next: waiting(5000 + fetchMs + retryMs, 2),
      action: 'renew',
    },
    {
      what: 'misses beyond the quick retries: back to the normal pace',
      phase: fetching(5000, 0, quickRetries),
      now: 5000 + fetchMs,
      frames: 0,
      next: waiting(5000 + fetchMs + everyMs, quickRetries + 1),
      action: 'renew',
    },
  ])('$what', ({ phase, now, frames, next, action, shown = false }) => {
    expect(stillStep(phase, now, frames)).toEqual({ phase: next, action, shown });
  });

  it('costs a weak link one resume per still over a minute of a changing slide', () => {
    // Frames come 500 ms after each resume (one keyframe of the small layer); looked at every 250 ms.
    let phase = firstStill(0, 0);
    let frames = 0;
    let resumedAt: number | null = null;
    const actions: StillAction[] = [];
    let shown = 0;
    for (let now = 0; now <= 60_000; now += 250) {
      if (resumedAt !== null && now - resumedAt >= 500) frames += 1;
      const step = stillStep(phase, now, frames);
      phase = step.phase;
      if (step.shown) shown += 1;
      if (step.action) actions.push(step.action);
      if (step.action === 'resume') resumedAt = now;
      if (step.action === 'pause') resumedAt = null;
    }
    expect(shown).toBe(8); // at 0.5 s, then every 8.5 s
    expect(actions.filter((a) => a === 'resume')).toHaveLength(actions.filter((a) => a === 'pause').length);
    expect(actions).not.toContain('renew');
  });
});

describe('slide stills: the taker', () => {
  /** A fake media session: a presentation shown on sound only, its frames set by the test. */
  interface FakeSource extends StillSource {
    subject: string | null;
    frames: number;
    calls: [string, StillAction][];
  }
  function fakeSource(): FakeSource {
    const source: FakeSource = {
      subject: 'producer-1',
      frames: 0,
      calls: [],
      stillSubject: () => source.subject,
      stillFrames: () => Promise.resolve(source.subject === null ? null : source.frames),
      applyStill: (producerId, action) => {
        source.calls.push([producerId, action]);
        return Promise.resolve();
      },
    };
    return source;
  }
  const ticks = async (taker: StillTaker, clock: { now: number }, n: number, ms = 250) => {
    for (let i = 0; i < n; i++) {
      clock.now += ms;
      await (taker as unknown as { tick(): Promise<void> }).tick();
    }
  };

  it('takes a still, pauses on its frame, and starts over when the presentation changes or sound-only ends', async () => {
    const clock = { now: 0 };
    const source = fakeSource();
    const taker = new StillTaker(source, () => clock.now);
    taker.start();
    try {
      await ticks(taker, clock, 2); // the run starts, then the first still is due at once
      expect(source.calls).toEqual([['producer-1', 'resume']]);
      source.frames = 1;
      await ticks(taker, clock, 1);
      expect(source.calls.at(-1)).toEqual(['producer-1', 'pause']);
      expect(taker.shown).toBe(1);
      await ticks(taker, clock, 10); // 2.5 s: nothing due
      expect(source.calls).toHaveLength(2);

      // Another site presents: a new run, and its consumer has a picture already, so it waits its turn.
      source.subject = 'producer-2';
      source.frames = 5;
      await ticks(taker, clock, 1);
      expect(source.calls).toHaveLength(2);
      await ticks(taker, clock, everyMs / 250);
      expect(source.calls.at(-1)).toEqual(['producer-2', 'resume']);

      // Back to a picture: the taker lets go (the receive level owns the consumer).
      source.subject = null;
      await ticks(taker, clock, 40);
      expect(source.calls.at(-1)).toEqual(['producer-2', 'resume']);
    } finally {
      taker.stop();
    }
  });
});
