import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../src/fleet/node-registry.js';
import { fakeNode } from '../support/fake-node.js';
import { startReplicaRooms } from '../support/room-directory.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const site = (siteId: string, unitAncestry: string[]) => ({ siteId, siteName: siteId, unitName: unitAncestry.at(-1)!, role: 'site' as const, unitAncestry });

describe('RoomDirectory keeps plans: in Redis across a restart, and through a node loss', () => {
  const redis = new Redis(redisUrl);
  afterAll(() => redis.disconnect());
  const conferenceId = `conf-${randomUUID()}`;
  const origin = { siteId: 'hall', ancestry: ['TW'] };
  const fleet = new NodeRegistry();
  fleet.add(fakeNode('central', ['TW']));
  fleet.add(fakeNode('province', ['HN']));
  const started: Awaited<ReturnType<typeof startReplicaRooms>>[] = [];
  afterAll(() => Promise.all(started.map((d) => d.stop())));
  const directory = async () => {
    const rooms = await startReplicaRooms({ redis, fleet });
    started.push(rooms);
    return rooms;
  };

  it('resumes the stored plan: sites rejoin where they were, nothing is re-planned', async () => {
    const before = await directory();
    const room = await before.roomFor(conferenceId, origin);
    await room.admit({ ...site('hall', ['TW']), role: 'hall' }, 'h1');
    await room.admit(site('hn', ['TW', 'HN']), 's1');
    await room.admit(site('hn-commune', ['TW', 'HN', 'HN-BD', 'HN-BD-01']), 's2');
    const snapshot = room.plan.snapshot();
    await before.stop(); // the control plane stops; its plans stay in Redis

    const after = await directory();
    const resumed = await after.roomFor(conferenceId, origin);
    expect(resumed.plan.snapshot()).toEqual(snapshot);
    await resumed.admit(site('hn', ['TW', 'HN']), 's3');
    expect(resumed.plan.sites.get('hn')!.router).toBe(room.plan.sites.get('hn')!.router);
    expect(resumed.snapshot().find((s) => s.siteId === 'hn')?.nodeId).toBe('province');

    // The other sessions were adopted with the room (their media is recorded too); the last site
    // leaving ends the live conference: its plan goes too.
    expect(resumed.sessions().map((s) => s.sessionId).sort()).toEqual(['h1', 's2', 's3']);
    for (const [siteId, sessionId] of [['hn', 's3'], ['hall', 'h1'], ['hn-commune', 's2']] as const) await resumed.leave(siteId, sessionId);
    await after.releaseIfEmpty(conferenceId);
    expect(await redis.exists(`lienthong:plan:${conferenceId}`)).toBe(0);
  });

  it('a node loss re-places its sites and keeps the room (and plan) while they rejoin', async () => {
    const id = `conf-${randomUUID()}`;
    const rooms = await directory();
    const province = fakeNode('province-2', ['DN']);
    fleet.add(province);
    const lost: string[][] = [];
    rooms.on('sessionsLost', (ids) => lost.push(ids));
    const room = await rooms.roomFor(id, origin);
    await room.admit(site('dn', ['TW', 'DN']), 'd1');
    expect(room.snapshot()[0]?.nodeId).toBe('province-2');
    fleet.remove(province);
    expect(lost).toEqual([['d1']]);
    expect(room.plan.router(room.plan.sites.get('dn')!.router).nodeId).toBe('central'); // re-placed already
    await rooms.releaseIfEmpty(id); // the dropped socket's own leave
    expect(await rooms.roomFor(id, origin)).toBe(room);
    await room.admit(site('dn', ['TW', 'DN']), 'd2');
    expect(room.snapshot()[0]?.nodeId).toBe('central');
    await room.leave('dn', 'd2');
    await rooms.releaseIfEmpty(id);
  });

  it('resumes the stage after a restart: the floor, the hand queue, mutes and notices', async () => {
    const id = `conf-${randomUUID()}`;
    const before = await directory();
    const room = await before.roomFor(id, origin);
    await room.admit(site('hn', ['TW', 'HN']), 's1');
    await room.admit(site('dn', ['TW', 'DN']), 's2');
    room.raiseHand('dn', 's2', true);
    await room.giveFloor({ siteId: 'hn', siteName: 'hn', unitName: 'HN' });
    await room.setMuted('hn', true);
    room.sendNotice('Chuẩn bị biểu quyết', 'Điều hành', ['dn']);
    const stage = room.stageView();
    await before.stop();

    const after = await directory();
    const resumed = await after.roomFor(id, origin);
    expect(resumed.stageView()).toEqual(stage);
    const rejoined = await resumed.admit(site('dn', ['TW', 'DN']), 's3');
    expect(rejoined.stage).toEqual({ handRaised: true, onFloor: false, muted: false, sending: false, previewed: false });
    expect(rejoined.notices.map((n) => n.text)).toEqual(['Chuẩn bị biểu quyết']);
    await resumed.leave('dn', 's3');
    await after.releaseIfEmpty(id);
    await redis.del(`lienthong:stage:${id}`);
  });

  it('drops a stored plan it cannot read and plans afresh', async () => {
    const id = `conf-${randomUUID()}`;
    await redis.set(`lienthong:plan:${id}`, JSON.stringify({ version: 99 }));
    const room = await (await directory()).roomFor(id, origin);
    expect(room.plan.sites.size).toBe(0);
    await redis.del(`lienthong:plan:${id}`);
  });
});
