import { describe, expect, it } from 'vitest';
import { climb, ladder, summarise, type ClimbOptions, type Counters } from '../bench/support/climb.js';

/**
 * The fan-out bench's climb against a simulated forwarder: each consumer costs a fixed share of a
 * core, and past a full core it loses what it cannot send (the receivers see the gaps). No sockets,
 * no clock but the steps'.
 */
const options: ClimbOptions = { start: 100, growth: 1.5, max: 2000, warmUpMs: 0, windowMs: 0, maxCpu: 0.95, minDelivered: 0.99 };
const packetsPerSecond = 177;

function simulated(costPerConsumer: number, { inputLossFrom = Infinity, kernelDropsTold = false } = {}) {
  let consumers = 0;
  let at = 0;
  const total = { received: 0, lost: 0, delivered: 0, missed: 0, cpuMs: 0 };
  let kernelDrops = 0;
  return {
    grow: async (n: number) => void (consumers = n),
    sample: async (): Promise<Counters> => {
      // One simulated second per sample.
      at += 1000;
      const demand = consumers * costPerConsumer;
      const received = consumers >= inputLossFrom ? packetsPerSecond * 0.9 : packetsPerSecond;
      total.received += received;
      total.lost += packetsPerSecond - received;
      const sent = received * consumers * Math.min(1, 1 / demand);
      total.delivered += sent;
      total.missed += received * consumers - sent;
      total.cpuMs += Math.min(1, demand) * 1000;
      // The input's loss is the kernel dropping at a full receive buffer.
      kernelDrops += packetsPerSecond - received;
      return { at, ...total, sinkCpuMs: 0, ...(kernelDropsTold ? { kernelDrops } : {}) };
    },
  };
}

describe('fan-out climb', () => {
  it('steps up by the growth factor to the cap', () => {
    expect(ladder({ start: 100, growth: 1.3, max: 400 })).toEqual([100, 130, 170, 220, 290, 380, 400]);
  });

  it('stops past the CPU limit and reports the last step within it, per full core', async () => {
    const f = simulated(1 / 500);
    const climbed = await climb(options, f.grow, f.sample, () => {});
    expect(climbed.steps.map((s) => s.consumers)).toEqual([100, 150, 230, 350, 530]);
    const s = summarise(climbed, options, packetsPerSecond);
    expect(s.lossFreeConsumers).toBe(350);
    expect(s.perFullCore).toBe(500);
    // 1/500 of a core per consumer at 177 packets a second: 11.3 µs a packet.
    expect(s.medianUsPerPacket).toBeCloseTo(11.3, 1);
    expect(s.perFullCoreAtMeasuredCost).toBe(500);
    expect(s.stoppedBy).toBe('cpu');
  });

  it('stops at input loss read from sequence gaps', async () => {
    const f = simulated(1 / 10_000, { inputLossFrom: 230 });
    const climbed = await climb(options, f.grow, f.sample, () => {});
    expect(climbed.steps.at(-1)).toMatchObject({ consumers: 230, input: 0.9 });
    expect(summarise(climbed, options, packetsPerSecond)).toMatchObject({ lossFreeConsumers: 150, stoppedBy: 'loss' });
  });

  it("names the kernel's drops at the forwarder's sockets per window, where the forwarder can tell", async () => {
    const told = simulated(1 / 10_000, { inputLossFrom: 230, kernelDropsTold: true });
    const steps = (await climb(options, told.grow, told.sample, () => {})).steps;
    const drops = steps.map((s) => s.kernelDrops);
    expect(drops.slice(0, 2)).toEqual([0, 0]);
    // The lossy step's window: the 10% of a second's packets the input missed.
    expect(drops[2]).toBeCloseTo(packetsPerSecond * 0.1, 6);
    const silent = simulated(1 / 10_000, { inputLossFrom: 230 });
    expect((await climb(options, silent.grow, silent.sample, () => {})).steps.every((s) => !('kernelDrops' in s))).toBe(true);
  });

  it('ends with what it measured when consumers cannot be added, and says why', async () => {
    const f = simulated(1 / 1000);
    const grow = async (n: number) => {
      if (n > 200) throw new Error('receiver 215: no DTLS handshake in 10000 ms');
      await f.grow(n);
    };
    const climbed = await climb(options, grow, f.sample, () => {});
    expect(climbed.steps.map((s) => s.consumers)).toEqual([100, 150]);
    expect(summarise(climbed, options, packetsPerSecond)).toMatchObject({
      lossFreeConsumers: 150,
      stoppedBy: 'could not add 230 consumers: receiver 215: no DTLS handshake in 10000 ms',
    });
  });

  it('reaches the cap when nothing limits it', async () => {
    const f = simulated(1 / 100_000);
    const s = summarise(await climb(options, f.grow, f.sample, () => {}), options, packetsPerSecond);
    expect(s).toMatchObject({ lossFreeConsumers: 2000, stoppedBy: 'cap' });
  });
});
