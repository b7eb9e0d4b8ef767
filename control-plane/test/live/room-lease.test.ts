import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RoomLeases, type RoomLease } from '../../src/live/ownership/room-lease.js';
import { RedisRoomMediaStore } from '../../src/live/ownership/room-media-store.js';
import { RedisStageStore } from '../../src/live/plan-store.js';
import { StageState } from '../../src/live/stage.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';
import { forgetRedisPrefix } from '@lienthong/testing/redis-keys';

/** Three replicas' lease managers on the real test Redis, with a short lease so hand-overs are quick. */
const timing = { leaseMs: 1500, renewMs: 200 };
const logger = pino({ level: 'silent' });
const redis = new Redis(testRedisUrl);
const prefix = uniqueRedisPrefix();
const replica = (id: string) => new RoomLeases(redis, prefix, id, logger, timing);
const held: RoomLease[] = [];
const hold = (lease: RoomLease | null) => {
  if (lease) held.push(lease);
  return lease;
};

afterEach(async () => {
  await Promise.all(held.splice(0).map((l) => l.release()));
});
afterAll(async () => {
  await forgetRedisPrefix(redis, prefix);
  redis.disconnect();
});

describe('room leases', () => {
  it('gives a conference one owner at a time, and tells every replica which', async () => {
    const [a, b, c] = [replica('a'), replica('b'), replica('c')];
    const conferenceId = randomUUID();
    const results = await Promise.all([a.acquire(conferenceId), b.acquire(conferenceId), c.acquire(conferenceId)].map(async (p) => hold(await p)));
    const winners = results.filter((l) => l !== null);
    expect(winners).toHaveLength(1);
    const owner = await c.ownerOf(conferenceId);
    expect(owner).toEqual({ replicaId: ['a', 'b', 'c'][results.indexOf(winners[0]!)], fence: winners[0]!.fence });
    // Renewal keeps it well past one lease (on a starved machine a renewal may heal a lapse: fence + 1).
    await new Promise((r) => setTimeout(r, timing.leaseMs * 3));
    expect(await a.ownerOf(conferenceId)).toMatchObject({ replicaId: owner!.replicaId });
  });

  it('passes a released room on at once, with a higher fence', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const conferenceId = randomUUID();
    const first = (await a.acquire(conferenceId))!;
    await first.release();
    expect(await b.ownerOf(conferenceId)).toBeNull();
    const second = hold(await b.acquire(conferenceId))!;
    expect(second.fence).toBe(first.fence + 1);
    expect(await a.ownerOf(conferenceId)).toEqual({ replicaId: 'b', fence: second.fence });
  });

  it('lets another replica take a room whose owner stopped renewing, and tells the old owner it lost it', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const conferenceId = randomUUID();
    const first = (await a.acquire(conferenceId))!;
    // The owner stalls: its renewals stop (as under SIGSTOP) and the lease runs out.
    first.stopRenewing();
    await expect.poll(() => a.ownerOf(conferenceId), { timeout: 8000, interval: 50 }).toBeNull();
    const second = hold(await b.acquire(conferenceId))!;
    expect(second.fence).toBeGreaterThan(first.fence);
    // The stalled owner wakes and tries to renew: it learns the room is gone.
    let lost = false;
    void first.lost.then(() => (lost = true));
    await first.renewNow();
    expect(lost).toBe(true);
    expect(await a.ownerOf(conferenceId)).toEqual({ replicaId: 'b', fence: second.fence });
  });

  it('heals a lapse nobody used: the same owner keeps the room, with the next fence', async () => {
    const a = replica('a');
    const conferenceId = randomUUID();
    const lease = hold(await a.acquire(conferenceId))!;
    const fences: number[] = [];
    lease.onFenceChanged = (f) => fences.push(f);
    const before = lease.fence;
    // Let the lease lapse without anyone taking it, then let the renewal find out.
    lease.stopRenewing();
    await expect.poll(() => a.ownerOf(conferenceId), { timeout: 8000, interval: 50 }).toBeNull();
    let lost = false;
    void lease.lost.then(() => (lost = true));
    await lease.renewNow();
    expect(lost).toBe(false);
    expect(fences).toEqual([before + 1]);
    expect(await a.ownerOf(conferenceId)).toEqual({ replicaId: 'a', fence: before + 1 });
  });

  it("keeps an owner paused past its lease from overwriting its successor's stored room", async () => {
    const [a, b] = [replica('a'), replica('b')];
    const conferenceId = randomUUID();
    const stagesOf = (lease: () => RoomLease | null) => {
      const store = new RedisStageStore(redis, logger, prefix);
      store.fencedBy((id) => (id === conferenceId ? (lease()?.fence ?? null) : null));
      return store;
    };
    const mediaOf = (lease: () => RoomLease | null) => {
      const store = new RedisRoomMediaStore(redis, logger, prefix);
      store.fencedBy((id) => (id === conferenceId ? (lease()?.fence ?? null) : null));
      return store;
    };
    const stage = (notice: string) => {
      const s = new StageState();
      s.addNotice(notice, 'test', null);
      return s;
    };
    const noticesStored = async () => (await new RedisStageStore(redis, logger, prefix).load(conferenceId))?.snapshot();

    // A owns the room and stores it.
    const first = (await a.acquire(conferenceId))!;
    const [stagesA, mediaA] = [stagesOf(() => first), mediaOf(() => first)];
    stagesA.save(conferenceId, stage('from A'));
    mediaA.journal(conferenceId, { read: () => ({ by: 'A' }) }).touch('site:x');
    await Promise.all([stagesA.flush(), mediaA.flush()]);
    expect(JSON.stringify(await noticesStored())).toContain('from A');

    // A stalls past its lease; B takes the room and stores its own.
    first.stopRenewing();
    await expect.poll(() => a.ownerOf(conferenceId), { timeout: 8000, interval: 50 }).toBeNull();
    const second = hold(await b.acquire(conferenceId))!;
    const [stagesB, mediaB] = [stagesOf(() => second), mediaOf(() => second)];
    stagesB.save(conferenceId, stage('from B'));
    mediaB.journal(conferenceId, { read: () => ({ by: 'B' }) }).touch('site:x');
    await Promise.all([stagesB.flush(), mediaB.flush()]);

    // A wakes with saves queued (its fence is the old one): Redis refuses them.
    stagesA.save(conferenceId, stage('stale, from A'));
    mediaA.journal(conferenceId, { read: () => ({ by: 'A, stale' }) }).touch('site:x');
    await Promise.all([stagesA.flush(), mediaA.flush()]);
    // (Its lease's loss, found at its next renewal, would make it drop them; here the test does.)
    stagesA.discard(conferenceId);
    mediaA.discard(conferenceId);
    expect(JSON.stringify(await noticesStored())).toContain('from B');
    expect(JSON.stringify(await noticesStored())).not.toContain('stale');
    expect((await new RedisRoomMediaStore(redis, logger, prefix).load(conferenceId)).get('site:x')).toEqual({ by: 'B' });
  });
});
