// Issue 19: a site known to be weak asks for its receive transport's starting bandwidth estimate,
// and the node is told it (mediasoup's initialAvailableOutgoingBitrate); others keep the default.
import { callMessage, siteRequests } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { planeWithFakeNodeForTests } from '../support/fake-node.js';

describe('receive transport start estimate', () => {
  const setup = planeWithFakeNodeForTests('start-node');
  const plane = () => setup.plane();
  const node = () => setup.node();

  const joined = async (siteId: string) => {
    const socket = await setup.siteSocket(siteId);
    await callMessage(socket, siteRequests, 'join', {});
    return socket;
  };
  const opened = (siteId: string) => node().calls.filter((c) => c.name === 'openSession' && c.req.peerId === siteId).map((c) => c.req);
  const media = { rtpCapabilities: { codecs: [], headerExtensions: [] }, send: true, consume: [] };

  it('passes a weak site’s start estimate to its node, and none when the site asks for none', async () => {
    const weak = plane().seed.sites[2]!;
    const other = plane().seed.sites[3]!;
    await callMessage(await joined(weak.id), siteRequests, 'openMedia', { ...media, startKbps: 300 });
    await callMessage(await joined(other.id), siteRequests, 'openMedia', media);
    expect(opened(weak.id)).toEqual([expect.objectContaining({ startKbps: 300 })]);
    expect(opened(other.id)).toHaveLength(1);
    expect(opened(other.id)[0]).not.toHaveProperty('startKbps');
  });

  it('refuses an estimate outside what a node may start at', async () => {
    const socket = await joined(plane().seed.sites[4]!.id);
    for (const startKbps of [0, 10, 50_000, 12.5]) {
      await expect(callMessage(socket, siteRequests, 'openMedia', { ...media, startKbps })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});
