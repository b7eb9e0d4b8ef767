// One site cannot exhaust a media node (issue 14 finding 2): per session one send and one receive
// transport (asking again replaces), one camera and one microphone, and a per-socket message
// rate limit; excess gets typed errors and the socket keeps working.
import { callMessage, siteRequests, type Ack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { planeWithFakeNodeForTests } from '../support/fake-node.js';

const rtp = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };

describe('site session limits', () => {
  const setup = planeWithFakeNodeForTests('limits-node');
  const plane = () => setup.plane();
  const node = () => setup.node();

  const joined = async (siteId: string) => {
    const socket = await setup.siteSocket(siteId);
    await callMessage(socket, siteRequests, 'join', {});
    return socket;
  };
  const calls = (name: string) => node().calls.filter((c) => c.name === name);

  it('keeps one send and one receive transport per session: asking again replaces, asking in parallel is refused', async () => {
    const site = plane().seed.sites[2]!;
    const socket = await joined(site.id);
    const closedBefore = calls('closeTransport').length;
    const first = await callMessage(socket, siteRequests, 'createTransport', { direction: 'send' });
    const again = await callMessage(socket, siteRequests, 'createTransport', { direction: 'send' });
    const recv = await callMessage(socket, siteRequests, 'createTransport', { direction: 'recv' });
    const closed = calls('closeTransport').slice(closedBefore).map((c) => c.req.transportId);
    expect(closed).toEqual([first.id]);
    expect(new Set([again.id, recv.id]).size).toBe(2);
    // The replaced transport is no longer the site's.
    await expect(callMessage(socket, siteRequests, 'restartIce', { transportId: first.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A burst of 30 creations (the attack that used all 96 ports of a node): at most one is under way per direction.
    const burst = await Promise.allSettled(Array.from({ length: 30 }, () => callMessage(socket, siteRequests, 'createTransport', { direction: 'recv' })));
    const refused = burst.filter((r) => r.status === 'rejected').map((r) => (r).reason.code);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['SESSION_LIMIT']));
    const created = calls('createWebRtcTransport').filter((c) => c.req.peerId === site.id).length;
    expect(created - (calls('closeTransport').length - closedBefore)).toBe(2);
    expect(socket.connected).toBe(true);
  });

  it('opens a session\'s media in one request under the same limits: again replaces both transports; only program tracks are consumed; only its own consumers start', async () => {
    const hall = await joined(plane().seed.hallSiteId);
    const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: rtp });
    const site = await joined(plane().seed.sites[5]!.id);
    const notInProgram = '00000000-0000-4000-8000-000000000000';
    const request = { rtpCapabilities: { codecs: [], headerExtensions: [] }, send: true, consume: [producerId, notInProgram] };
    const first = await callMessage(site, siteRequests, 'openMedia', request);
    expect(first.consumers.map((c) => c.producerId)).toEqual([producerId]);
    expect(calls('openSession').at(-1)!.req).toMatchObject({ send: true, producerIds: [producerId] });
    const closedBefore = calls('closeTransport').length;
    const again = await callMessage(site, siteRequests, 'openMedia', request);
    expect(calls('closeTransport').slice(closedBefore).map((c) => c.req.transportId).sort()).toEqual([first.recv.id, first.send!.id].sort());
    await expect(callMessage(site, siteRequests, 'restartIce', { transportId: first.recv.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await callMessage(site, siteRequests, 'connectTransport', { transportId: again.send!.id, dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } });

    const own = again.consumers[0]!.id;
    await callMessage(site, siteRequests, 'startConsumers', { consumers: [{ consumerId: own, preferredLayers: { spatialLayer: 0 } }] });
    expect(calls('startConsumers').at(-1)!.req).toMatchObject({ consumers: [{ consumerId: own, preferredLayers: { spatialLayer: 0 } }] });
    const startsBefore = calls('startConsumers').length;
    await expect(callMessage(site, siteRequests, 'startConsumers', { consumers: [{ consumerId: own }, { consumerId: first.consumers[0]!.id }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls('startConsumers')).toHaveLength(startsBefore);
  });

  it('lets a site send one camera and one microphone', async () => {
    const socket = await joined(plane().seed.sites[3]!.id);
    const send = await callMessage(socket, siteRequests, 'createTransport', { direction: 'send' });
    await callMessage(socket, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: rtp });
    await expect(callMessage(socket, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: rtp })).rejects.toMatchObject({
      code: 'SESSION_LIMIT',
    });
  });

  it('answers a flood of messages with TOO_MANY_REQUESTS and serves the socket again once it slows down', async () => {
    const socket = await joined(plane().seed.sites[4]!.id);
    const answers = (await Promise.all(Array.from({ length: 120 }, () => socket.timeout(10_000).emitWithAck('hello', {})))) as Ack<unknown>[];
    const limited = answers.filter((a) => !a.ok && a.error.code === 'TOO_MANY_REQUESTS');
    expect(limited.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);
    // The bucket refills (10 a second): a request a little later is served.
    await new Promise((r) => setTimeout(r, 500));
    await expect(callMessage(socket, siteRequests, 'hello', {})).resolves.toMatchObject({ site: { id: plane().seed.sites[4]!.id } });
  });
});
