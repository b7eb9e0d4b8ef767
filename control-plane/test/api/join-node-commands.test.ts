// What a site's arrival costs in commands to its media node (issue 13: each is a socket.io packet,
// a parse and an answer on both sides). Counted, not timed: a join's media is two commands on a
// node that makes it ready to use (the page told its DTLS parameters with the join), three on one
// that connects a transport with the command that first needs it (the start of the program,
// the tracks) and makes camera and microphone in one; four or six on nodes from before those
// features, which are still served during a rolling update: one would drop the fields it does not
// know without a word. Whether the page opens its media
// with its join (the routers' capabilities loaded from the hello) or after it, the node is sent the same.
import { callMessage, nodeFeatures, siteRequests } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { taggedRouterCapabilities } from '../../src/fleet/router-capabilities.js';
import { fakeRouterCapabilities, planeWithFakeNodeForTests, type fakeNode } from '../support/fake-node.js';
import { replicasForTests } from '../support/replicas.js';
import { arriveAsSite, cameraAndMicrophone, noCapabilities, readyMedia, testDtlsParameters, testRtp, type MediaOpening } from '../support/site-arrival.js';

const sessionCommands = new Set(['openSession', 'connectWebRtcTransport', 'startConsumers', 'produce', 'produceTracks']);

/** `expectedReady`: the commands when the page asks its media ready to use (`ReadyMedia`). */
function joinCommandsTest(name: string, features: readonly string[] | undefined, expected: string[], expectedReady: string[]) {
  describe(name, () => {
    const setup = planeWithFakeNodeForTests(`commands-node-${features?.length ?? 'all'}`, {}, features);

    /** The hall on air, then one commune arriving (`siteIndex`): the session commands its node was sent for it. */
    async function oneArrival(siteIndex: number, opening: MediaOpening) {
      const hall = await setup.siteSocket(setup.plane().seed.hallSiteId);
      await callMessage(hall, siteRequests, 'join', {});
      const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
      const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
      const from = setup.node().calls.length;
      const arrived = await arriveAsSite(await setup.siteSocket(setup.plane().seed.sites[siteIndex]!.id), producerId, opening);
      return { arrived, commands: setup.node().calls.slice(from).filter((c) => sessionCommands.has(c.name)) };
    }

    it.each([
      [3, 'with-join'],
      [4, 'after-join'],
    ] as const)(`costs ${expected.length} session commands, each transport connected before anything uses it (site %i, media opened %s)`, async (siteIndex, opening) => {
      const { arrived, commands } = await oneArrival(siteIndex, opening);
      expect(commands.map((c) => c.name)).toEqual(expected);
      const connects = commands.filter((c) => c.name === 'connectWebRtcTransport').map((c) => c.req.transportId);
      const start = commands.find((c) => c.name === 'startConsumers')!.req;
      const together = commands.find((c) => c.name === 'produceTracks')?.req;
      const [camera, microphone] = commands.filter((c) => c.name === 'produce').map((c) => c.req);
      if (connects.length) {
        // An older node: each connect its own command, and nothing it would ignore is sent.
        expect(connects).toEqual([arrived.recv, arrived.send]);
        expect(start.connect).toBeUndefined();
        expect(camera!.dtlsParameters).toBeUndefined();
      } else {
        expect(start.connect).toEqual({ transportId: arrived.recv, dtlsParameters: testDtlsParameters });
        expect(together ?? camera).toMatchObject({ transportId: arrived.send, dtlsParameters: testDtlsParameters });
      }
      if (together) {
        // Both tracks made paused (a commune outside the program), the page told their ids in order.
        expect(together.tracks).toEqual(cameraAndMicrophone.map((t) => ({ ...t, paused: true })));
      } else {
        expect([camera!.kind, microphone!.kind]).toEqual(['video', 'audio']);
        expect(microphone!.dtlsParameters).toBeUndefined();
      }
      expect(arrived.producerIds).toHaveLength(2);
    });

    it(`costs ${expectedReady.length} session commands when the page knew its DTLS parameters beforehand (where the node can make the media ready)`, async () => {
      const { arrived, commands } = await oneArrival(5, 'ready');
      expect(commands.map((c) => c.name)).toEqual(expectedReady);
      const open = commands.find((c) => c.name === 'openSession')!.req;
      const canReady = features === undefined || features.includes(nodeFeatures.openReady);
      expect(arrived.ready).toBe(canReady);
      // A node without the feature is never sent what it would drop unseen; the page then connects and starts as before.
      expect(open.ready).toEqual(canReady ? readyMedia : undefined);
      if (canReady) expect(commands.find((c) => c.name === 'produceTracks')!.req.dtlsParameters).toBeUndefined();
      expect(arrived.producerIds).toHaveLength(2);
    });
  });
}

joinCommandsTest('a join on a current node', undefined, ['openSession', 'startConsumers', 'produceTracks'], ['openSession', 'produceTracks']);
joinCommandsTest('a join on a node from before open-ready', [nodeFeatures.connectWithFirstUse, nodeFeatures.produceTracks], ['openSession', 'startConsumers', 'produceTracks'], [
  'openSession',
  'startConsumers',
  'produceTracks',
]);
joinCommandsTest('a join on a node from before produce-tracks', [nodeFeatures.connectWithFirstUse], ['openSession', 'startConsumers', 'produce', 'produce'], ['openSession', 'startConsumers', 'produce', 'produce']);
joinCommandsTest('a join on a node from before connect-with-first-use', [], ['openSession', 'connectWebRtcTransport', 'startConsumers', 'connectWebRtcTransport', 'produce', 'produce'], [
  'openSession',
  'connectWebRtcTransport',
  'startConsumers',
  'connectWebRtcTransport',
  'produce',
  'produce',
]);

describe('one conference on a current node', () => {
  const setup = planeWithFakeNodeForTests('commands-node-joins');

  describe('a connect carried along', () => {
    it("is refused, and nothing sent, for a transport that is not the session's", async () => {
      const hall = await setup.siteSocket(setup.plane().seed.hallSiteId);
      await callMessage(hall, siteRequests, 'join', {});
      const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
      const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
      const open = async (siteIndex: number) => {
        const socket = await setup.siteSocket(setup.plane().seed.sites[siteIndex]!.id);
        await callMessage(socket, siteRequests, 'join', {});
        return { socket, opened: await callMessage(socket, siteRequests, 'openMedia', { rtpCapabilities: { codecs: [], headerExtensions: [] }, send: true, consume: [producerId] }) };
      };
      const mine = await open(4);
      const theirs = await open(5);
      const sentBefore = setup.node().calls.length;
      await expect(
        callMessage(mine.socket, siteRequests, 'produce', { transportId: theirs.opened.send!.id, kind: 'video', rtpParameters: testRtp, dtlsParameters: testDtlsParameters }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        callMessage(mine.socket, siteRequests, 'startConsumers', {
          consumers: [{ consumerId: mine.opened.consumers[0]!.id }],
          connect: { transportId: theirs.opened.recv.id, dtlsParameters: testDtlsParameters },
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(setup.node().calls.slice(sentBefore)).toEqual([]);
    });
  });

  describe('a join that opens its media with it', () => {  const fakeTag = taggedRouterCapabilities(fakeRouterCapabilities).tag;

    /** The hall on air with camera and microphone: the program every other site receives. */
    async function hallOnAir() {
      const hall = await setup.siteSocket(setup.plane().seed.hallSiteId);
      await callMessage(hall, siteRequests, 'join', {});
      const send = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
      const camera = await callMessage(hall, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: testRtp });
      const microphone = await callMessage(hall, siteRequests, 'produce', {
        transportId: send.id,
        kind: 'audio',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4444 }] },
      });
      return [camera.producerId, microphone.producerId];
    }

    it("is told the node's router capabilities by the hello, and its join answers the transports and the program's consumers", async () => {
      const program = await hallOnAir();
      const site = await setup.siteSocket(setup.plane().seed.sites[7]!.id);
      const { routerCapabilities } = await callMessage(site, siteRequests, 'hello', {});
      expect(routerCapabilities).toEqual({ rtpCapabilities: fakeRouterCapabilities, tag: fakeTag });
      const from = setup.node().calls.length;
      const joined = await callMessage(site, siteRequests, 'join', { media: { capabilitiesTag: fakeTag, rtpCapabilities: noCapabilities, send: true, startKbps: 300 } });
      const opens = setup.node().calls.slice(from).filter((c) => c.name === 'openSession');
      expect(opens.map((c) => c.req)).toEqual([expect.objectContaining({ send: true, startKbps: 300, producerIds: program })]);
      expect(joined.media?.consumers.map((c) => c.producerId)).toEqual(program);
      expect(joined.media?.send).not.toBeNull();
      expect(joined.routerCapabilities?.tag).toBe(fakeTag);
      // Its consumers are the session's own: started straight away, as after an openMedia.
      await callMessage(site, siteRequests, 'startConsumers', { consumers: joined.media!.consumers.map((c) => ({ consumerId: c.id })) });
    });

    it('still joins, with no media opened, when the tag is not what its node offers; openMedia then opens it', async () => {
      const [camera] = await hallOnAir();
      const site = await setup.siteSocket(setup.plane().seed.sites[8]!.id);
      const from = setup.node().calls.length;
      const joined = await callMessage(site, siteRequests, 'join', { media: { capabilitiesTag: 'capabilities-of-another-version', rtpCapabilities: noCapabilities, send: true } });
      expect(joined.media).toBeUndefined();
      expect(setup.node().calls.slice(from).filter((c) => c.name === 'openSession')).toEqual([]);
      const opened = await callMessage(site, siteRequests, 'openMedia', { rtpCapabilities: noCapabilities, send: true, consume: [camera!] });
      expect(opened.consumers.map((c) => c.producerId)).toEqual([camera]);
    });
  });
});

describe('a join on a replica that does not own its conference', () => {
  const setup = replicasForTests(2);
  /** The commands replica `i` sent the node over its own link. */
  const sentBy = (i: number) => (setup.replicas().planes[i]!.fleet.get('node-1') as ReturnType<typeof fakeNode>).calls.filter((c) => sessionCommands.has(c.name));

  it('costs the same three: the start goes from its replica, the tracks (their connect along) from the owner', async () => {
    const hall = await setup.siteOn(0, setup.replicas().seed.hallSiteId);
    await callMessage(hall, siteRequests, 'join', {});
    const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
    const [owner, local] = [sentBy(0).length, sentBy(1).length];
    const arrived = await arriveAsSite(await setup.siteOn(1, setup.replicas().seed.sites[6]!.id), producerId);
    expect(sentBy(0).slice(owner).map((c) => c.name)).toEqual(['openSession', 'produceTracks']);
    expect(sentBy(1).slice(local).map((c) => c.name)).toEqual(['startConsumers']);
    expect(sentBy(0).slice(owner)[1]!.req).toMatchObject({ transportId: arrived.send, dtlsParameters: testDtlsParameters });
  });
});
