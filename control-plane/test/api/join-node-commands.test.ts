// What a site's arrival costs in commands to its media node (issue 13: each is a socket.io packet,
// a parse and an answer on both sides). Counted, not timed: a join's media is four commands on a
// node that connects a transport with the command that first needs it (the start of the program,
// the first track), six on a node from before that feature, which is still served during a rolling
// update: it would drop the fields it does not know without a word.
import { callMessage, siteRequests } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { planeWithFakeNodeForTests, type fakeNode } from '../support/fake-node.js';
import { replicasForTests } from '../support/replicas.js';
import { arriveAsSite, testDtlsParameters, testRtp } from '../support/site-arrival.js';

const sessionCommands = new Set(['openSession', 'connectWebRtcTransport', 'startConsumers', 'produce']);

function joinCommandsTest(name: string, features: readonly string[] | undefined, expected: string[]) {
  describe(name, () => {
    const setup = planeWithFakeNodeForTests(`commands-node-${features?.length ?? 'all'}`, {}, features);

    /** The hall on air, then one commune arriving: the session commands its node was sent for it. */
    async function oneArrival() {
      const hall = await setup.siteSocket(setup.plane().seed.hallSiteId);
      await callMessage(hall, siteRequests, 'join', {});
      const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
      const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
      const from = setup.node().calls.length;
      const arrived = await arriveAsSite(await setup.siteSocket(setup.plane().seed.sites[3]!.id), producerId);
      return { arrived, commands: setup.node().calls.slice(from).filter((c) => sessionCommands.has(c.name)) };
    }

    it(`costs ${expected.length} session commands, each transport connected before anything uses it`, async () => {
      const { arrived, commands } = await oneArrival();
      expect(commands.map((c) => c.name)).toEqual(expected);
      const connects = commands.filter((c) => c.name === 'connectWebRtcTransport').map((c) => c.req.transportId);
      const start = commands.find((c) => c.name === 'startConsumers')!.req;
      const [camera, microphone] = commands.filter((c) => c.name === 'produce').map((c) => c.req);
      if (connects.length) {
        // An older node: each connect its own command, and nothing it would ignore is sent.
        expect(connects).toEqual([arrived.recv, arrived.send]);
        expect(start.connect).toBeUndefined();
        expect(camera!.dtlsParameters).toBeUndefined();
      } else {
        expect(start.connect).toEqual({ transportId: arrived.recv, dtlsParameters: testDtlsParameters });
        expect(camera).toMatchObject({ transportId: arrived.send, dtlsParameters: testDtlsParameters });
      }
      expect(microphone!.dtlsParameters).toBeUndefined();
    });
  });
}

joinCommandsTest('a join on a current node', undefined, ['openSession', 'startConsumers', 'produce', 'produce']);
joinCommandsTest('a join on a node from before connect-with-first-use', [], ['openSession', 'connectWebRtcTransport', 'startConsumers', 'connectWebRtcTransport', 'produce', 'produce']);

describe('a connect carried along', () => {
  const setup = planeWithFakeNodeForTests('commands-node-refusals');

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

describe('a join on a replica that does not own its conference', () => {
  const setup = replicasForTests(2);
  /** The commands replica `i` sent the node over its own link. */
  const sentBy = (i: number) => (setup.replicas().planes[i]!.fleet.get('node-1') as ReturnType<typeof fakeNode>).calls.filter((c) => sessionCommands.has(c.name));

  it('costs the same four: the start goes from its replica, the first track (its connect along) from the owner', async () => {
    const hall = await setup.siteOn(0, setup.replicas().seed.hallSiteId);
    await callMessage(hall, siteRequests, 'join', {});
    const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
    const [owner, local] = [sentBy(0).length, sentBy(1).length];
    const arrived = await arriveAsSite(await setup.siteOn(1, setup.replicas().seed.sites[6]!.id), producerId);
    expect(sentBy(0).slice(owner).map((c) => c.name)).toEqual(['openSession', 'produce', 'produce']);
    expect(sentBy(1).slice(local).map((c) => c.name)).toEqual(['startConsumers']);
    expect(sentBy(0).slice(owner)[1]!.req).toMatchObject({ transportId: arrived.send, dtlsParameters: testDtlsParameters });
  });
});
