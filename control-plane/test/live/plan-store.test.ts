// The plan store on a real Redis: a plan round-trips, and a save writes only the sites and routers
// that changed since the last one (a national plan is ~2 MB; a join storm saves it five times a second).
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisPlanStore } from '../../src/live/plan-store.js';
import { CascadePlan } from '../../src/planner/plan.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = pino({ level: 'silent' });

describe('RedisPlanStore', () => {
  const redis = new Redis(redisUrl);
  const prefix = `lienthong-test-${randomUUID().slice(0, 8)}`;
  const store = new RedisPlanStore(redis, silent, prefix);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  function nationalSlice(): CascadePlan {
    const plan = new CascadePlan('hall', ['TW']);
    plan.addRouter({ key: 'central/0', nodeId: 'central', workerIndex: 0, parent: null });
    plan.addRouter({ key: 'hn/0', nodeId: 'hn', workerIndex: 0, parent: 'central/0' });
    plan.addRouter({ key: 'hn/1', nodeId: 'hn', workerIndex: 1, parent: 'hn/0' });
    plan.placeSite({ siteId: 'hall', ancestry: ['TW'] }, 'central/0');
    for (let i = 0; i < 50; i++) plan.placeSite({ siteId: `hn-${i}`, ancestry: ['TW', 'HN', `HN-${i}`] }, i % 2 ? 'hn/0' : 'hn/1');
    plan.placeSite({ siteId: 'console-socket-1', ancestry: ['TW', 'HN'], kind: 'viewer' }, 'hn/0'); // an operator's preview receiver
    return plan;
  }

  it('loads what it saved', async () => {
    const conferenceId = randomUUID();
    const plan = nationalSlice();
    store.save(conferenceId, plan);
    await store.flush();
    const loaded = await store.load(conferenceId);
    expect(loaded?.snapshot()).toEqual(plan.snapshot());
    expect(loaded?.sites.get('console-socket-1')?.site.kind).toBe('viewer');
    // Loaded is stored: nothing to write again.
    expect(loaded?.takeChanges()).toEqual({ sites: [], routers: [] });
  });

  it('writes only what changed since the last save', async () => {
    const conferenceId = randomUUID();
    const plan = nationalSlice();
    store.save(conferenceId, plan);
    await store.flush();
    const sitesKey = `${prefix}:plan:${conferenceId}:sites`;
    // A field nobody changed is left as it is in Redis (marked here to see it is not rewritten).
    const untouched = await redis.hget(sitesKey, 'hn-7');
    await redis.hset(sitesKey, 'hn-7', `${untouched!.slice(0, -1)} }`);

    plan.placeSite({ siteId: 'hn-3', ancestry: ['TW', 'HN', 'HN-3'] }, 'hn/1'); // moved
    plan.removeSite('hn-4'); // left
    plan.placeSite({ siteId: 'hn-new', ancestry: ['TW', 'HN', 'HN-NEW'] }, 'hn/0'); // joined
    store.save(conferenceId, plan);
    await store.flush();

    expect(await redis.hget(sitesKey, 'hn-7')).toBe(`${untouched!.slice(0, -1)} }`);
    expect(await redis.hexists(sitesKey, 'hn-4')).toBe(0);
    expect(JSON.parse((await redis.hget(sitesKey, 'hn-3'))!)).toMatchObject({ router: 'hn/1' });
    expect(JSON.parse((await redis.hget(sitesKey, 'hn-new'))!)).toMatchObject({ router: 'hn/0' });
    expect((await store.load(conferenceId))?.snapshot()).toEqual(plan.snapshot());
  });

  it('drops a removed router, leaves a detached one out, and deletes every key with the plan', async () => {
    const conferenceId = randomUUID();
    const plan = nationalSlice();
    plan.addRouter({ key: 'dn/0', nodeId: 'dn', workerIndex: 0, parent: 'central/0' });
    store.save(conferenceId, plan);
    await store.flush();
    plan.removeRouter('dn/0');
    for (let i = 0; i < 50; i += 2) plan.removeSite(`hn-${i}`);
    plan.detach('hn/1'); // mid-operation: not stored until it hangs from the origin again
    store.save(conferenceId, plan);
    await store.flush();
    const loaded = await store.load(conferenceId);
    expect([...loaded!.routers.keys()].sort()).toEqual(['central/0', 'hn/0']);

    await store.delete(conferenceId);
    expect(await redis.keys(`${prefix}:plan:${conferenceId}*`)).toEqual([]);
  });

  it('loads a plan an older version stored whole, and rewrites it field by field', async () => {
    const conferenceId = randomUUID();
    const plan = nationalSlice();
    await redis.set(`${prefix}:plan:${conferenceId}`, JSON.stringify(plan.snapshot()));
    const loaded = await store.load(conferenceId);
    expect(loaded?.snapshot()).toEqual(plan.snapshot());
    store.save(conferenceId, loaded!);
    await store.flush();
    expect(await redis.hlen(`${prefix}:plan:${conferenceId}:sites`)).toBe(52);
    expect(JSON.parse((await redis.get(`${prefix}:plan:${conferenceId}`))!)).toMatchObject({ version: 2 });
  });
});
