import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainConference } from '@lienthong/testing/plain-conference';

/**
 * One node process with two workers and a tiny capacity, so the plan overflows the origin
 * router's worker onto the second one: the program crosses a pipe between two workers of one
 * process (the same producer id twice on one node). Then that worker is killed: the node's
 * supervisor restarts it, the control plane re-places its sites, and they receive again.
 */
const sites = ['A', 'B', 'C', 'D'].map((code) => ({ siteId: `site-${code}`, ancestry: ['TW', code] }));

describe('overflow onto a second worker of one node, and that worker dying', () => {
  let conf: Awaited<ReturnType<typeof startPlainConference>>;
  // 10 consumers x 0.8 headroom = 4 sites of 2 consumers per worker; the origin router keeps one for the pipe.
  beforeAll(async () => {
    conf = await startPlainConference(
      [{ nodeId: 'solo', localityTags: ['TW'], rtcMinPort: 13600, rtcMaxPort: 13799, workers: 2, listenIp: '127.0.0.5', consumersPerWorker: 10 }],
      sites,
    );
  });
  afterAll(() => conf?.stop());
  const workerOf = (siteId: string) => conf.room.plan.router(conf.room.plan.sites.get(siteId)!.router).workerIndex;
  const onSecond = () => sites.filter((s) => workerOf(s.siteId) === 1);

  it('carries the program from worker 0 to worker 1 of the same node', async () => {
    await conf.startHall();
    for (const s of sites) await conf.join(s);
    expect(onSecond().length).toBeGreaterThan(0);
    await conf.receiving(sites, '127.0.0.5');
    // Two copies of one producer id on this node: naming it alone is ambiguous.
    await expect(conf.plane.fleet.get('solo').call('describeProducer', { producerId: conf.producerId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a killed worker is restarted in place; its sites are re-placed and receive again', async () => {
    const nodePid = conf.children.get('solo')!.process.pid!;
    // mediasoup spawns its workers in index order: the younger one is worker 1.
    const workerPids = execFileSync('ps', ['--ppid', String(nodePid), '-o', 'pid=']).toString().trim().split(/\s+/).map(Number).sort((a, b) => a - b);
    expect(workerPids).toHaveLength(2);
    const moved = onSecond();
    const killedAt = performance.now();
    process.kill(workerPids[1]!, 'SIGKILL');
    await expect.poll(() => conf.plane.fleet.get('solo').workers[1]?.restarts, { timeout: 10_000 }).toBe(1);
    await conf.receiving(moved, '127.0.0.5');
    const recovery = conf.recoveryMs(moved, killedAt);
    console.info(JSON.stringify({ failover: 'SIGKILL mediasoup worker 1', detection: 'supervisor restart', recoveryMs: recovery }));
    expect(recovery).toBeLessThan(5000);
    expect(conf.plane.fleet.list()).toHaveLength(1); // the node itself stayed up
  });
});
