// A site connected to a replica that does not own its conference (issue 13): its room operations
// are relayed to the owner, except those that only touch what its session holds on its node
// (connecting a transport, starting, pausing or layering a consumer, an ICE restart), which its
// own replica sends to the node itself. Each in-process replica has its own link to the (fake)
// node, so who sent a command is visible.
import { callMessage, siteRequests } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import type { fakeNode } from '../support/fake-node.js';
import { replicasForTests } from '../support/replicas.js';

const rtp = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };
const dtlsParameters = { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] };

describe('session-local media operations', () => {
  const setup = replicasForTests(2);
  const siteOn = (replica: number, siteId: string) => setup.siteOn(replica, siteId);
  /** The commands replica `i` sent the node over its own link. */
  const sentBy = (i: number) => (setup.replicas().planes[i]!.fleet.get('node-1') as ReturnType<typeof fakeNode>).calls.map((c) => c.name);

  it("go from the site's own replica straight to its node; placement and consumers are still made by the owner", async () => {
    // The hall joins on replica 0, which becomes the owner, and sends its camera into the program.
    const hall = await siteOn(0, setup.replicas().seed.hallSiteId);
    await callMessage(hall, siteRequests, 'join', {});
    const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: rtp });

    // A commune on replica 1.
    const site = await siteOn(1, setup.replicas().seed.sites[4]!.id);
    await callMessage(site, siteRequests, 'join', {});
    const opened = await callMessage(site, siteRequests, 'openMedia', { rtpCapabilities: { codecs: [], headerExtensions: [] }, send: true, consume: [producerId] });
    const consumerId = opened.consumers[0]!.id;
    const before = sentBy(0).length;
    await callMessage(site, siteRequests, 'connectTransport', { transportId: opened.recv.id, dtlsParameters });
    await callMessage(site, siteRequests, 'startConsumers', { consumers: [{ consumerId, preferredLayers: { spatialLayer: 0 } }] });
    await callMessage(site, siteRequests, 'setConsumerPaused', { consumerId, paused: true });
    await callMessage(site, siteRequests, 'setPreferredLayers', { consumerId, spatialLayer: 1 });
    await callMessage(site, siteRequests, 'resumeConsumer', { consumerId });

    expect(sentBy(1)).toEqual(['connectWebRtcTransport', 'startConsumers', 'pauseConsumer', 'setConsumerPreferredLayers', 'resumeConsumer']);
    expect(sentBy(0).slice(before)).toEqual([]);
    // What changes the room (the consumers, the producers) is made by the owner only.
    expect(sentBy(0)).toContain('openSession');
    expect(sentBy(1)).not.toContain('openSession');
  });

  it("relays what its replica did not see made, and refuses what is not the session's", async () => {
    const site = await siteOn(1, setup.replicas().seed.sites[5]!.id);
    await callMessage(site, siteRequests, 'join', {});
    const before = sentBy(1).length;
    // Someone else's (or an invented) consumer is not sent to the node from here: the owner says no.
    await expect(callMessage(site, siteRequests, 'resumeConsumer', { consumerId: 'not-this-sites' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callMessage(site, siteRequests, 'connectTransport', { transportId: 'not-this-sites', dtlsParameters })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sentBy(1).slice(before)).toEqual([]);
  });
});
