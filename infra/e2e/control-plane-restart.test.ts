import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainConference } from '@lienthong/testing/plain-conference';

/**
 * The control plane restarts mid-conference: its plan is in Redis, the nodes reconnect and
 * re-register, the hall and the sites rejoin (as browsers do when their socket drops) and are
 * served by the same (node, worker) as before: resumed, not re-planned.
 */
const communes = ['HN-01', 'HN-02'].map((code) => ({ siteId: `site-${code}`, ancestry: ['TW', 'HN', code] }));

describe('a control-plane restart resumes the stored plan', () => {
  let conf: Awaited<ReturnType<typeof startPlainConference>>;
  beforeAll(async () => {
    conf = await startPlainConference(
      [
        { nodeId: 'origin', localityTags: ['TW'], rtcMinPort: 13800, rtcMaxPort: 13899, listenIp: '127.0.0.6' },
        { nodeId: 'province', localityTags: ['HN'], rtcMinPort: 13900, rtcMaxPort: 13999, listenIp: '127.0.0.7' },
      ],
      communes,
    );
  });
  afterAll(() => conf?.stop());

  it('rejoins every site where the plan had it, and the program flows again', async () => {
    await conf.startHall();
    for (const c of communes) await conf.join(c);
    await conf.receiving(communes, '127.0.0.7');
    const before = conf.room.plan.snapshot();

    const restartedAt = performance.now();
    await conf.restartControlPlane();
    expect(conf.room.plan.snapshot()).toEqual(before); // read back from Redis
    await conf.startHall();
    for (const c of communes) await conf.join(c);
    expect(conf.room.plan.snapshot().sites).toEqual(before.sites); // same routers: nothing re-planned
    await conf.receiving(communes, '127.0.0.7');
    const recovery = conf.recoveryMs(communes, restartedAt);
    console.info(JSON.stringify({ restart: 'control plane (graceful), plan resumed from Redis', recoveryMs: recovery }));
  });
});
