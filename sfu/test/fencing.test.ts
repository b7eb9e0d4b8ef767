import { callMessage, LienthongError, nodeCommands } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkedNode, StandInReplica } from './support/stand-in-replicas.js';

/**
 * A late owner cannot act: a real node (real mediasoup worker, its real control channel) driven by
 * a bare socket.io server standing in for two successive owner replicas of one conference. Once a
 * command with fence 2 was seen, commands stamped 1 are refused with FENCED and change nothing.
 */
describe('owner fencing on a media node', () => {
  let linked: Awaited<ReturnType<typeof startLinkedNode>>;
  let replicas: StandInReplica[];
  let node: Socket;
  let media: Awaited<ReturnType<typeof startLinkedNode>>['media'];

  beforeAll(async () => {
    replicas = [await StandInReplica.start(), await StandInReplica.start()];
    linked = await startLinkedNode({ replicas, nodeId: 'fencing-node', workers: 1, rtcPorts: [19850, 19899] });
    media = linked.media;
    node = await replicas[0]!.node();
  });
  afterAll(async () => {
    linked?.close();
    await Promise.all(replicas.map((r) => r.close()));
  });

  const conferenceId = 'fenced-conference';
  const fence = (epoch: number) => ({ conferenceId, epoch });

  it('refuses the former owner once the new one has acted, and lets the new one act', async () => {
    const first = await callMessage(node, nodeCommands, 'createRouter', { conferenceId, fence: fence(1) });
    // Another replica takes the room over and acts under fence 2.
    const second = await callMessage(node, nodeCommands, 'createRouter', { conferenceId, fence: fence(2) });
    // The old owner wakes up and tries to close the room's first router.
    const refused = await callMessage(node, nodeCommands, 'closeRouter', { routerId: first.routerId, fence: fence(1) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LienthongError);
    expect((refused as LienthongError).code).toBe('FENCED');
    expect(media.routerIds().sort()).toEqual([first.routerId, second.routerId].sort());
    // The new owner may.
    await callMessage(node, nodeCommands, 'closeRouter', { routerId: first.routerId, fence: fence(2) });
    expect(media.routerIds()).toEqual([second.routerId]);
  });

  it('forgets a conference once its last router here closed, so a new life of it starts afresh', async () => {
    const [routerId] = media.routerIds();
    await callMessage(node, nodeCommands, 'closeRouter', { routerId: routerId!, fence: fence(2) });
    await callMessage(node, nodeCommands, 'createRouter', { conferenceId, fence: fence(1) });
    expect(media.routerIds()).toHaveLength(1);
  });

  it('registers with every replica it is given and takes commands from each', async () => {
    const other = await replicas[1]!.node();
    const made = await callMessage(other, nodeCommands, 'createRouter', { conferenceId: 'other-conference', fence: { conferenceId: 'other-conference', epoch: 1 } });
    expect(media.routerIds()).toContain(made.routerId);
    // Both replicas hear the load, measured once.
    await expect.poll(() => replicas.every((r) => r.heartbeats.at(-1)?.[0]?.routers === media.routerIds().length)).toBe(true);
    // A second registration (this replica restarted) closes nothing: the other replica's rooms live here.
    const back = replicas[1]!.reconnected();
    other.disconnect(true);
    await back;
    expect(media.routerIds()).toContain(made.routerId);
  });

  it("closes a conference's routers its new owner does not know, and only that conference's", async () => {
    const kept = await callMessage(node, nodeCommands, 'createRouter', { conferenceId, fence: fence(3) });
    const stale = await callMessage(node, nodeCommands, 'createRouter', { conferenceId, fence: fence(3) });
    const ofConference = (id: string) => (media.router(id).object.appData as { conferenceId?: string }).conferenceId === conferenceId;
    const others = media.routerIds().filter((id) => !ofConference(id));
    // A successor keeps what it adopted; one of those routers is gone from the node (it restarted).
    const { closedRouterIds, keptRouterIds } = await callMessage(node, nodeCommands, 'closeConferenceRouters', {
      conferenceId,
      keepRouterIds: [kept.routerId, 'a-router-this-node-lost'],
      fence: fence(3),
    });
    expect(keptRouterIds).toEqual([kept.routerId]);
    expect(closedRouterIds).toContain(stale.routerId);
    expect(closedRouterIds).not.toContain(kept.routerId);
    expect(media.routerIds().sort()).toEqual([...others, kept.routerId].sort());
    // A late owner cannot sweep its successor's routers away.
    const refused = await callMessage(node, nodeCommands, 'closeConferenceRouters', { conferenceId, keepRouterIds: [], fence: fence(2) }).catch((e: unknown) => e);
    expect((refused as LienthongError).code).toBe('FENCED');
    expect(media.routerIds()).toContain(kept.routerId);
  });
});
