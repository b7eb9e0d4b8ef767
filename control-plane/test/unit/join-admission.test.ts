import { LienthongError } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { JoinAdmission, rejoinSpreadMs } from '../../src/signaling/join-admission.js';

/** A join that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, join: async () => opened };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('JoinAdmission', () => {
  it('runs at most `concurrency` joins at once, the rest in arrival order', async () => {
    const admission = new JoinAdmission({ concurrency: 2, maxWaitMs: 60_000, initialJoinMs: 10 });
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const done = gates.map((g, i) => admission.admit(async () => (await g.join(), order.push(i)), () => false));
    await settle();
    expect(admission.stats).toMatchObject({ running: 2, queued: 2 });
    gates[1]!.open();
    await settle();
    expect(admission.stats).toMatchObject({ running: 2, queued: 1 });
    gates[0]!.open();
    gates[2]!.open();
    gates[3]!.open();
    await Promise.all(done);
    expect(order).toEqual([1, 0, 2, 3]);
    expect(admission.stats).toMatchObject({ running: 0, queued: 0 });
  });

  it('turns a join away with BUSY and an estimate when the queue would outlast the browser', async () => {
    const t = 0;
    const admission = new JoinAdmission({ concurrency: 1, maxWaitMs: 1000, initialJoinMs: 400 }, () => t);
    const first = gate();
    const running = admission.admit(first.join, () => false);
    const queued = [admission.admit(async () => 1, () => false), admission.admit(async () => 2, () => false)];
    // A fourth would wait 3 x 400 ms > 1000 ms.
    const refused = await admission.admit(async () => 3, () => false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LienthongError);
    expect((refused as LienthongError).code).toBe('BUSY');
    expect((refused as LienthongError).details).toEqual({ retryAfterMs: 1200 });
    first.open();
    await running;
    expect(await Promise.all(queued)).toEqual([1, 2]);
  });

  it('drops a waiting join whose site went away, without running it', async () => {
    const admission = new JoinAdmission({ concurrency: 1, maxWaitMs: 60_000, initialJoinMs: 10 });
    const first = gate();
    const running = admission.admit(first.join, () => false);
    let ran = false;
    const gone = admission.admit(async () => (ran = true), () => true);
    first.open();
    await running;
    await expect(gone).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(ran).toBe(false);
  });

  it('refuses a join that waited longer than the browser waits, when its turn comes', async () => {
    let t = 0;
    const admission = new JoinAdmission({ concurrency: 1, maxWaitMs: 1000, initialJoinMs: 10 }, () => t);
    const first = gate();
    const running = admission.admit(first.join, () => false);
    let ran = false;
    const late = admission.admit(async () => (ran = true), () => false);
    t = 5000;
    first.open();
    await running;
    await expect(late).rejects.toMatchObject({ code: 'BUSY' });
    expect(ran).toBe(false);
  });

  it('spreads mass rejoins: a few sites at once, thousands over seconds, never over a minute', () => {
    expect(rejoinSpreadMs(10)).toBe(50);
    expect(rejoinSpreadMs(2000)).toBe(10_000);
    expect(rejoinSpreadMs(1_000_000)).toBe(60_000);
  });
});
