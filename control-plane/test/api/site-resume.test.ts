import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestControlPlane } from '../support/control-plane.js';
import { startPlaneWithFakeNode } from '../support/fake-node.js';
import { TestSockets } from '@lienthong/testing/sockets';

const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] };

/**
 * A site whose socket drops keeps its session for a while: a new socket resumes it (same
 * transports on the node, nothing closed), while a page that leaves lets its media go at once.
 */
describe('a site resumes its session on a new socket', () => {
  let plane: TestControlPlane;
  let node: Awaited<ReturnType<typeof startPlaneWithFakeNode>>['node'];
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    ({ plane, node } = await startPlaneWithFakeNode('resume-node'));
  });
  afterAll(async () => plane?.stop());
  afterEach(() => sockets.closeAll());

  const connect = async (siteId: string) =>
    sockets.connect(namespaces.site, { token: await plane.tokens.signSite({ sub: siteId, conf: plane.seed.conferenceId }, 600) });
  /** Joined, with a receive transport on the node. */
  const joinedSite = async (siteId: string) => {
    const socket = await connect(siteId);
    const sessionId = socket.id!;
    await callMessage(socket, siteRequests, 'join', { delegates: 12 });
    const { id: transportId } = await callMessage(socket, siteRequests, 'createTransport', { direction: 'recv' });
    return { socket, sessionId, transportId };
  };
  const closedTransports = () => node.calls.filter((c) => c.name === 'closeTransport').map((c) => c.req.transportId);
  /** The link drops under the page (no goodbye): the server sees a transport close. */
  const dropLink = async (socket: Socket) => {
    const gone = new Promise((r) => socket.once('disconnect', r));
    socket.io.engine.close();
    await gone;
  };

  it('keeps the transports of a dropped socket and hands them to the socket that resumes it', async () => {
    const site = plane.seed.sites[3]!;
    const first = await joinedSite(site.id);
    await dropLink(first.socket);

    const second = await connect(site.id);
    // Not this socket's session until it resumes it.
    await expect(callMessage(second, siteRequests, 'connectTransport', { transportId: first.transportId, dtlsParameters })).rejects.toMatchObject({
      code: 'NOT_JOINED',
    });
    const resumed = await callMessage(second, siteRequests, 'resume', { sessionId: first.sessionId, delegates: 12 });
    expect(resumed).toMatchObject({ site: { id: site.id }, conference: { id: plane.seed.conferenceId }, role: 'site' });
    expect(resumed.stage).toBeDefined();
    await expect(callMessage(second, siteRequests, 'connectTransport', { transportId: first.transportId, dtlsParameters })).resolves.toEqual({});
    expect(closedTransports()).not.toContain(first.transportId);

    // Resumed once: the old id opens nothing any more.
    const third = await connect(site.id);
    await expect(callMessage(third, siteRequests, 'resume', { sessionId: first.sessionId })).rejects.toMatchObject({ code: 'NOT_JOINED' });
  });

  it('lets the media of a page that leaves go at once, and refuses to resume it', async () => {
    const site = plane.seed.sites[4]!;
    const first = await joinedSite(site.id);
    first.socket.disconnect(); // the page said goodbye
    await expect.poll(closedTransports).toContain(first.transportId);
    const second = await connect(site.id);
    await expect(callMessage(second, siteRequests, 'resume', { sessionId: first.sessionId })).rejects.toMatchObject({ code: 'NOT_JOINED' });
  });

  it("never resumes another site's session", async () => {
    const [mine, theirs] = [plane.seed.sites[5]!, plane.seed.sites[6]!];
    const other = await joinedSite(theirs.id);
    await dropLink(other.socket);
    const intruder = await connect(mine.id);
    await expect(callMessage(intruder, siteRequests, 'resume', { sessionId: other.sessionId })).rejects.toMatchObject({ code: 'NOT_JOINED' });
    expect(closedTransports()).not.toContain(other.transportId);
  });
});
