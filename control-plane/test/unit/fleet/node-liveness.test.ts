import { describe, expect, it } from 'vitest';
import { NodeLiveness } from '../../../src/fleet/node-liveness.js';

const config = { timeoutMs: 3000, tickMs: 250, stallSlackMs: 750 };

/** Ticks every `every` ms from `from` to `to` (inclusive), collecting who was declared silent. */
function run(l: NodeLiveness, from: number, to: number, every = 250, heartbeat?: { node: string; everyMs: number }) {
  const silent = new Set<string>();
  for (let t = from; t <= to; t += every) {
    if (heartbeat && t % heartbeat.everyMs === 0) l.heard(heartbeat.node);
    for (const id of l.tick(t)) silent.add(id);
  }
  return silent;
}

describe('NodeLiveness', () => {
  it('declares a node silent after the timeout of attentive time, and not before', () => {
    const l = new NodeLiveness(config);
    l.tick(0);
    l.heard('a');
    expect(run(l, 250, 3000)).toEqual(new Set());
    expect(run(l, 3250, 3250)).toEqual(new Set(['a']));
  });

  it('keeps a node that heartbeats every second alive indefinitely', () => {
    const l = new NodeLiveness(config);
    expect(run(l, 0, 60_000, 250, { node: 'a', everyMs: 1000 })).toEqual(new Set());
  });

  it('does not count a stall of the process against the node (SIGSTOP for 5 s, then heartbeats read)', () => {
    const l = new NodeLiveness(config);
    l.tick(0);
    l.heard('a');
    run(l, 250, 1000);
    // Frozen from 1000 to 6000: the first tick after the thaw runs before the buffered heartbeats are read.
    expect(l.tick(6000)).toEqual([]);
    expect(l.takeStall()).toBe(5000);
    expect(l.takeStall()).toBe(0);
    l.heard('a');
    expect(run(l, 6250, 8000)).toEqual(new Set());
  });

  it('still cuts off a node that stays silent after a stall', () => {
    const l = new NodeLiveness(config);
    l.tick(0);
    l.heard('a');
    l.tick(60_000); // a minute-long stall counts as one second
    expect(l.silenceOf('a')).toBe(1000);
    expect(run(l, 60_250, 62_000)).toEqual(new Set());
    expect(run(l, 62_250, 62_500)).toEqual(new Set(['a']));
  });

  it('under a loop that lags 2 s per turn: a heartbeating node lives, a silent one is cut off after a few turns', () => {
    const l = new NodeLiveness(config);
    l.tick(0);
    l.heard('live');
    l.heard('dead');
    const cut: number[] = [];
    for (let t = 2000; t <= 20_000; t += 2000) {
      const silent = l.tick(t);
      expect(silent).not.toContain('live');
      if (silent.includes('dead')) {
        cut.push(t);
        l.forget('dead');
      }
      l.heard('live'); // read in the poll phase after the tick
    }
    expect(cut).toEqual([8000]);
  });

  it('refuses a tick and slack that reach the timeout (a lagging loop would cut off live nodes)', () => {
    expect(() => new NodeLiveness({ timeoutMs: 1000, tickMs: 250, stallSlackMs: 750 })).toThrow();
  });
});
