import { describe, expect, it } from 'vitest';
import { BitrateSample } from '../src/media/bitrate-sample.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("a worker's transports asked for their bitrate", () => {
  it('are all asked, unscaled, while there are no more than a round takes', () => {
    expect(new BitrateSample(64).next(ids(40))).toEqual({ ask: ids(40), scale: 1 });
  });

  it('are asked a round at a time, in turn, each once before any twice, the sum scaled to the whole set', () => {
    const sample = new BitrateSample<number>(64);
    const rounds = [sample.next(ids(150)), sample.next(ids(150)), sample.next(ids(150))];
    for (const round of rounds) {
      expect(round.ask).toHaveLength(64);
      expect(round.scale).toBeCloseTo(150 / 64);
    }
    // 192 asked over three rounds: the 150 each at least once, the wrap starting again from the first.
    const asked = rounds.flatMap((r) => r.ask);
    expect(new Set(asked).size).toBe(150);
    expect(asked.slice(128)).toEqual([...ids(150).slice(128), ...ids(42)]);
  });

  it('keep their turn when transports come and go', () => {
    const sample = new BitrateSample<number>(10);
    sample.next(ids(25));
    expect(sample.next(ids(12)).ask).toEqual([10, 11, ...ids(8)]);
  });
});
