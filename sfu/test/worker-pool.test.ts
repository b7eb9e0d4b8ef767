import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { routerMediaCodecs } from '../src/media/codecs.js';
import { loadConfig } from '../src/config.js';
import { libwebrtcFieldTrials } from '../src/media/libwebrtc-trials.js';
import type { WorkerPool } from '../src/media/worker-pool.js';
import { startOneWorkerPool } from './support/one-worker-pool.js';


/** The supervisor against a real mediasoup worker process: kill it, get a fresh one and a report. */
describe('WorkerPool supervision', () => {
  let pool: WorkerPool | undefined;
  afterAll(() => pool?.close());

  it('restarts a killed worker at the same index and reports the routers it lost', async () => {
    const restarted: { index: number; lost: string[] }[] = [];
    pool = await startOneWorkerPool([14900, 14949], { onWorkerRestarted: (index, lost) => restarted.push({ index, lost }) });
    const first = pool.get(0)!;
    const router = await first.createRouter({ mediaCodecs: routerMediaCodecs });
    const closed = await first.createRouter({ mediaCodecs: routerMediaCodecs });
    closed.close(); // closed on purpose before the death: not lost

    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => restarted.length, { timeout: 10_000 }).toBe(1);
    expect(restarted[0]).toEqual({ index: 0, lost: [router.id] });
    const second = pool.get(0)!;
    expect(second.pid).not.toBe(first.pid);
    expect(pool.restarts).toEqual([1]);
    await expect(second.createRouter({ mediaCodecs: routerMediaCodecs })).resolves.toBeDefined();
  });
});

/** PACER_INTERVAL_MS reaches libwebrtc inside every worker the pool starts, restarted ones too. */
describe('WorkerPool pacer interval', () => {
  let pool: WorkerPool | undefined;
  afterAll(() => pool?.close());
  const argsOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');

  it('keeps mediasoup\'s own trial and adds the pacer interval', () => {
    expect(libwebrtcFieldTrials(25)).toBe('WebRTC-Bwe-AlrLimitedBackoff/Enabled/WebRTC-Pacer-MinPacketLimitMs/25/');
    expect(libwebrtcFieldTrials(5)).toBe('WebRTC-Bwe-AlrLimitedBackoff/Enabled/WebRTC-Pacer-MinPacketLimitMs/5/');
  });

  it('starts each worker, and its replacement, with the field trial', async () => {
    pool = await startOneWorkerPool([21120, 21139], { pacerIntervalMs: 20 });
    const first = pool.get(0)!;
    expect(argsOf(first.pid)).toContain(`--libwebrtcFieldTrials=${libwebrtcFieldTrials(20)}`);
    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => pool!.get(0)?.pid ?? first.pid, { timeout: 10_000 }).not.toBe(first.pid);
    expect(argsOf(pool.get(0)!.pid)).toContain(`--libwebrtcFieldTrials=${libwebrtcFieldTrials(20)}`);
  });

  it('is 25 ms unless set, and refuses what libwebrtc would not use', () => {
    const base = { CONTROL_PLANE_URL: 'http://127.0.0.1:1', NODE_ID: 'n1', NODE_TOKEN: 'x'.repeat(40) };
    expect(loadConfig(base).PACER_INTERVAL_MS).toBe(25);
    expect(loadConfig({ ...base, PACER_INTERVAL_MS: '5' }).PACER_INTERVAL_MS).toBe(5);
    expect(() => loadConfig({ ...base, PACER_INTERVAL_MS: '40' })).toThrow(/PACER_INTERVAL_MS/);
  });
});
