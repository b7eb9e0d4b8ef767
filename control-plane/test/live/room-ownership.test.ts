import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { NodeRegistry } from '../../src/fleet/node-registry.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';
import { forgetRedisPrefix } from '@lienthong/testing/redis-keys';
import { fakeNode } from '../support/fake-node.js';
import { startReplicaRooms } from '../support/room-directory.js';
import { recordingOutput } from '../support/room-output.js';

/**
 * Two replicas' room directories on the real Redis, each with its own view of the same two media
 * nodes (fake ones, recording the commands each replica sends). A conference's room lives on the
 * replica that opened it; the other relays to it. When the owner stops answering (its Redis
 * connection dies for good), the other takes the lease and adopts the room: same sessions, same
 * routers, no site told to rejoin.
 */
const site = (siteId: string, unitAncestry: string[], role: 'hall' | 'site' = 'site') => ({ siteId, siteName: siteId, unitName: unitAncestry.at(-1)!, role, unitAncestry });
const origin = { siteId: 'hall', ancestry: ['TW'] };

describe('a room across two replicas', () => {
  const redis = new Redis(testRedisUrl);
  const prefix = uniqueRedisPrefix();
  const replicas: Awaited<ReturnType<typeof startReplicaRooms>>[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop().catch(() => undefined)));
    await forgetRedisPrefix(redis, prefix);
    redis.disconnect();
  });
  /** A replica with its own registry of the two nodes (as each replica has its own node links). */
  const replica = async () => {
    const fleet = new NodeRegistry();
    const nodes = [fakeNode('central', ['TW']), fakeNode('province', ['HN'])];
    for (const n of nodes) fleet.add(n);
    const output = recordingOutput();
    const rooms = await startReplicaRooms({ redis, fleet, prefix, outputFor: () => output, timing: { leaseMs: 1500, renewMs: 300 } });
    replicas.push(rooms);
    return { rooms, nodes, output, commands: () => nodes.flatMap((n) => n.calls.map((c) => c.name)) };
  };

  it('relays a site to the owner, and the survivor adopts the room without touching its media', async () => {
    const [a, b] = [await replica(), await replica()];
    const conferenceId = randomUUID();
    // The hall joins through A: A owns the room.
    const hall = await a.rooms.handle(conferenceId, origin).admit(site('hall', ['TW'], 'hall'), 'hall-session');
    expect(hall.nodeId).toBe('central');
    expect(a.rooms.find(conferenceId)).toBeDefined();

    // A commune joins through B: relayed to A, carried out with A's node links only.
    const viaB = b.rooms.handle(conferenceId, origin);
    const joined = await viaB.admit(site('hn-1', ['TW', 'HN', 'HN-BD', 'HN-BD-01']), 'commune-session');
    expect(joined.nodeId).toBe('province');
    const recv = await viaB.createTransport('hn-1', 'commune-session', 'recv');
    expect(b.rooms.find(conferenceId)).toBeUndefined();
    expect(b.commands()).toEqual([]);
    const routersByA = a.nodes.flatMap((n) => n.calls.filter((c) => c.name === 'createRouter')).length;
    expect(routersByA).toBe(2);
    expect((await viaB.snapshot()).map((s) => s.siteId).sort()).toEqual(['hall', 'hn-1']);

    // The commune sends and holds the floor: its camera is in the program.
    const sendT = await viaB.createTransport('hn-1', 'commune-session', 'send');
    await viaB.produce('hn-1', 'commune-session', sendT.id, 'video', { codecs: [] });
    await viaB.giveFloor({ siteId: 'hn-1', siteName: 'hn-1', unitName: 'HN-BD-01' });
    expect((await viaB.programTracks()).map((t) => t.siteId)).toEqual(['hn-1']);

    // A dies (no lease renewal, no answers). B's next call waits for the lease to lapse, then adopts.
    await new Promise((r) => setTimeout(r, 400)); // A's coalesced records reach Redis
    a.rooms.crash();
    await viaB.connectTransport('hn-1', 'commune-session', recv.id, { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }], role: 'client' });
    expect(b.rooms.find(conferenceId)).toBeDefined();
    // Same sessions, routers and transports: nothing was created again, nobody was told to rejoin.
    expect((await viaB.snapshot()).map((s) => s.siteId).sort()).toEqual(['hall', 'hn-1']);
    expect(b.commands()).not.toContain('createRouter');
    expect(b.commands()).not.toContain('createWebRtcTransport');
    expect(b.commands()).toContain('connectWebRtcTransport');
    expect(b.output.sent.filter((s) => s.event === 'sessionEnded')).toEqual([]);
    // The program came along, and taking the floor back takes the commune's camera out of it.
    expect((await viaB.programTracks()).map((t) => t.siteId)).toEqual(['hn-1']);
    await viaB.giveFloor(null);
    expect(await viaB.programTracks()).toEqual([]);
    expect(b.output.sent.filter((s) => s.event === 'programChanged').at(-1)?.payload).toEqual({ program: [] });
    // Each node was told which of the conference's routers to keep: exactly A's.
    const sweeps = b.nodes.flatMap((n) => n.calls.filter((c) => c.name === 'closeConferenceRouters'));
    expect(sweeps.flatMap((c) => c.req.keepRouterIds as string[])).toHaveLength(2);
    // ... under a newer fence than A's.
    const fenceOf = (c: { req: Record<string, unknown> }) => (c.req.fence as { epoch: number }).epoch;
    const aFences = a.nodes.flatMap((n) => n.calls.map(fenceOf));
    expect(Math.min(...sweeps.map(fenceOf))).toBeGreaterThan(Math.max(...aFences));
  });

  it("the survivor closes the dead owner's console receivers (the consoles open anew on it)", async () => {
    const [a, b] = [await replica(), await replica()];
    const conferenceId = randomUUID();
    const viaA = a.rooms.handle(conferenceId, origin);
    await viaA.admit(site('hall', ['TW'], 'hall'), 'hall-session');
    // A central console previews through A: its receiver shares the hall's router.
    await viaA.openPreviews('console-1', ['TW']);
    const receiver = await viaA.createPreviewTransport('console-1', { codecs: [] });
    const central = a.nodes.find((n) => n.nodeId === 'central')!;
    const routerId = (central.calls.find((c) => c.name === 'createWebRtcTransport')!.req.routerId) as string;
    expect(receiver.id).toBeDefined();

    await new Promise((r) => setTimeout(r, 400)); // A's coalesced records reach Redis
    a.rooms.crash();
    await b.rooms.handle(conferenceId, origin).stageView();
    const closed = b.nodes.flatMap((n) => n.calls.filter((c) => c.name === 'closePeerTransports'));
    expect(closed.map((c) => c.req)).toEqual([expect.objectContaining({ routerId, peerIds: ['console-1'] })]);
    // The hall's own media stays: nothing of its session was closed.
    expect(b.commands()).not.toContain('closeTransport');
  });

  it('a site that joined in the dead owner’s last moments (not yet recorded) has its media closed and is told to rejoin, and only it', async () => {
    const [a, b] = [await replica(), await replica()];
    const conferenceId = randomUUID();
    const viaA = a.rooms.handle(conferenceId, origin);
    await viaA.admit(site('hall', ['TW'], 'hall'), 'hall-session');
    await viaA.admit(site('hn-2', ['TW', 'HN', 'HN-BD', 'HN-BD-02']), 'recorded-session');
    await new Promise((r) => setTimeout(r, 400)); // the hall and the first commune are recorded
    await viaA.admit(site('hn-1', ['TW', 'HN', 'HN-BD', 'HN-BD-01']), 'late-session');
    // hn-2 again from another PC, replacing its session: the record still has the replaced one.
    await viaA.admit(site('hn-2', ['TW', 'HN', 'HN-BD', 'HN-BD-02']), 'late-replacing-session');
    a.rooms.crash(); // within the record's coalescing window: those sessions never reached Redis
    b.output.connected.set('hall-session', 'hall').set('late-session', 'hn-1').set('late-replacing-session', 'hn-2');
    const routersMade = a.nodes.flatMap((n) => n.calls.filter((c) => c.name === 'createRouter').map(() => n.nodeId));

    await b.rooms.handle(conferenceId, origin).stageView();
    await vi.waitFor(() =>
      expect(b.output.sent.filter((s) => s.event === 'sessionEnded').map((s) => s.to).sort()).toEqual(['late-replacing-session', 'late-session']),
    );
    // hn-1's transports are closed on every router of the conference, before it is told to rejoin;
    // hn-2's peer id is a recorded site's, so its media is left as it is (its own session ends it).
    const closed = b.nodes.flatMap((n) => n.calls.filter((c) => c.name === 'closePeerTransports').map((c) => ({ node: n.nodeId, peerIds: c.req.peerIds })));
    expect(closed.map((c) => c.node).sort()).toEqual(routersMade.sort());
    expect(closed.every((c) => JSON.stringify(c.peerIds) === '["hn-1"]')).toBe(true);
    expect((await b.rooms.handle(conferenceId).snapshot()).map((s) => s.siteId).sort()).toEqual(['hall', 'hn-2']);
    // And it joins again as any site does.
    expect((await b.rooms.handle(conferenceId).admit(site('hn-1', ['TW', 'HN', 'HN-BD', 'HN-BD-01']), 'rejoined-session')).nodeId).toBe('province');
  });

  it('without a record to adopt, the new owner tells the sites still connected to rejoin', async () => {
    const [a, b] = [await replica(), await replica()];
    const conferenceId = randomUUID();
    await a.rooms.handle(conferenceId, origin).admit(site('hall', ['TW'], 'hall'), 'hall-session');
    await new Promise((r) => setTimeout(r, 400));
    a.rooms.crash();
    await redis.del(`${prefix}:room-media:${conferenceId}`); // lost (an owner older than media records)
    await b.rooms.handle(conferenceId, origin).stageView();
    expect(b.output.sent.filter((s) => s.event === 'sessionEnded')).toHaveLength(1);
    expect(await b.rooms.handle(conferenceId).snapshot()).toEqual([]);
  });
});
