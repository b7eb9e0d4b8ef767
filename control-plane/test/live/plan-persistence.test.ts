import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { MediaNodeHandle, NodeRegistry } from '../../src/fleet/node-registry.js';
import { RedisPlanStore } from '../../src/live/plan-store.js';
import { RoomDirectory } from '../../src/live/room-directory.js';

/** A media node that answers every command as if it had carried it out (no media here). */
function fakeNode(nodeId: string, localityTags: string[]) {
  const answer = (name: string, req: { workerIndex?: number }) =>
    name === 'createRouter'
      ? { routerId: randomUUID(), workerIndex: req.workerIndex ?? 0, rtpCapabilities: { codecs: [] } }
      : {};
  const socket = { timeout: () => ({ emitWithAck: async (name: string, req: unknown) => ({ ok: true, data: answer(name, req as never) }) }) };
  return new MediaNodeHandle(nodeId, '127.0.0.1', localityTags, 2, 600, socket);
}

const logger = pino({ level: 'silent' });
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const site = (siteId: string, unitAncestry: string[]) => ({ siteId, siteName: siteId, unitName: unitAncestry.at(-1)!, role: 'site' as const, unitAncestry });

describe('plans persist in Redis so a restarted control plane resumes them', () => {
  const redis = new Redis(redisUrl);
  afterAll(() => redis.disconnect());
  const conferenceId = `conf-${randomUUID()}`;
  const origin = { siteId: 'hall', ancestry: ['TW'] };
  const fleet = new NodeRegistry();
  fleet.add(fakeNode('central', ['TW']));
  fleet.add(fakeNode('province', ['HN']));
  const directory = () => new RoomDirectory(fleet, logger, () => () => {}, new RedisPlanStore(redis, logger));

  it('resumes the stored plan: sites rejoin where they were, nothing is re-planned', async () => {
    const before = directory();
    const room = await before.roomFor(conferenceId, origin);
    await room.admit({ ...site('hall', ['TW']), role: 'hall' }, 'h1');
    await room.admit(site('hn', ['TW', 'HN']), 's1');
    await room.admit(site('hn-commune', ['TW', 'HN', 'HN-BD', 'HN-BD-01']), 's2');
    const snapshot = room.plan.snapshot();
    await before.closeAll(); // the control plane stops; its plans stay in Redis

    const after = directory();
    const resumed = await after.roomFor(conferenceId, origin);
    expect(resumed.plan.snapshot()).toEqual(snapshot);
    await resumed.admit(site('hn', ['TW', 'HN']), 's3');
    expect(resumed.plan.sites.get('hn')!.router).toBe(room.plan.sites.get('hn')!.router);
    expect(resumed.snapshot().find((s) => s.siteId === 'hn')?.nodeId).toBe('province');

    // The last site leaving ends the live conference: its plan goes too.
    await resumed.leave('hn', 's3');
    await after.releaseIfEmpty(conferenceId);
    expect(await redis.exists(`lienthong:plan:${conferenceId}`)).toBe(0);
  });

  it('drops a stored plan it cannot read and plans afresh', async () => {
    const id = `conf-${randomUUID()}`;
    await redis.set(`lienthong:plan:${id}`, JSON.stringify({ version: 99 }));
    const room = await directory().roomFor(id, origin);
    expect(room.plan.sites.size).toBe(0);
    await redis.del(`lienthong:plan:${id}`);
  });
});
