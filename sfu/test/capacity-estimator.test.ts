import { describe, expect, it } from 'vitest';
import { CapacityEstimator } from '../src/media/capacity-estimator.js';

/** The estimator alone: heartbeats' samples in, consumers per worker out. */
describe('CapacityEstimator', () => {
  const estimator = () => new CapacityEstimator({ ceiling: 240, lossFreeCpu: 0.9, minConsumers: 20, minCpu: 0.05, smoothing: 0.5 });

  it('says nothing until a sample carries enough load to measure', () => {
    const e = estimator();
    expect(e.sample(0, { pid: 7, cpu: 0.02, activeConsumers: 100 })).toBeUndefined();
    expect(e.sample(0, { pid: 7, cpu: 0.3, activeConsumers: 10 })).toBeUndefined();
    expect(e.capacity(0)).toBeUndefined();
  });

  it('turns CPU per consumer into consumers at the loss-free CPU share', () => {
    const e = estimator();
    // 0.45 of a core for 100 consumers: 0.0045 each, 0.9 / 0.0045 = 200.
    expect(e.sample(0, { pid: 7, cpu: 0.45, activeConsumers: 100 })).toBe(200);
  });

  it('never reports above the configured ceiling, nor below one consumer', () => {
    const e = estimator();
    expect(e.sample(0, { pid: 7, cpu: 0.05, activeConsumers: 100 })).toBe(240);
    expect(e.sample(1, { pid: 8, cpu: 40, activeConsumers: 20 })).toBe(1);
  });

  it('smooths samples, and keeps the estimate through samples too light to count', () => {
    const e = estimator();
    e.sample(0, { pid: 7, cpu: 0.45, activeConsumers: 100 }); // 0.0045 per consumer
    // 0.009 per consumer: halfway (smoothing 0.5) is 0.00675, 0.9 / 0.00675 = 133.3.
    expect(e.sample(0, { pid: 7, cpu: 0.9, activeConsumers: 100 })).toBe(133);
    expect(e.sample(0, { pid: 7, cpu: 0.01, activeConsumers: 0 })).toBe(133);
  });

  it('starts afresh when the worker was replaced, and keeps workers apart', () => {
    const e = estimator();
    e.sample(0, { pid: 7, cpu: 0.9, activeConsumers: 100 });
    e.sample(1, { pid: 8, cpu: 0.45, activeConsumers: 100 });
    expect(e.sample(0, { pid: 9, cpu: 0.01, activeConsumers: 0 })).toBeUndefined();
    expect(e.capacity(1)).toBe(200);
  });

  describe('fed with input loss (datagrams the kernel dropped at the worker’s sockets)', () => {
    // The fan-out bench's worker: 0.9 of a core would be 291 consumers by CPU, yet it lost input at ~225.
    const perConsumer = 0.9 / 291;
    const at = (consumers: number, inputDropsPerSecond = 0) => ({ pid: 7, cpu: consumers * perConsumer, activeConsumers: consumers, inputDropsPerSecond });
    const bench = () => new CapacityEstimator({ ceiling: 600, smoothing: 0.5 });

    it('reports by CPU alone while the worker drops nothing', () => {
      const e = bench();
      expect(e.sample(0, at(150))).toBe(291);
      expect(e.sample(0, at(200))).toBe(291);
    });

    it('reports below the load it lost input at, not the CPU estimate', () => {
      const e = bench();
      e.sample(0, at(150));
      const capacity = e.sample(0, at(225, 40))!;
      expect(capacity).toBeLessThan(225);
      expect(capacity).toBeGreaterThanOrEqual(200);
      // Fewer consumers later, no loss: the loss point stays (it was never disproved).
      expect(e.sample(0, at(100))).toBe(capacity);
    });

    it('forgets a loss point a loss-free sample above it disproves, up to the nominal share', () => {
      const e = bench();
      e.sample(0, at(225, 40));
      expect(e.sample(0, at(240))).toBe(240);
      expect(e.sample(0, at(280))).toBe(280);
      expect(e.sample(0, at(300))).toBe(291);
    });

    it('ignores a stray drop and loss at a load too light to say anything of fan-out', () => {
      const e = bench();
      expect(e.sample(0, at(225, 0.5))).toBe(291);
      expect(e.sample(0, at(10, 500))).toBe(291);
    });

    it('starts afresh with a replaced worker', () => {
      const e = bench();
      e.sample(0, at(225, 40));
      expect(e.sample(0, { ...at(150), pid: 8 })).toBe(291);
    });
  });
});
