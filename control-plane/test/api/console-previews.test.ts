import { callMessage, consoleRequests, namespaces, siteRequests, type SiteStageState } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors, type Actors } from '../support/actors.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { fakeNode } from '../support/fake-node.js';

const vp8 = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] };

/**
 * The console's thumbnails through the real /console and /site gateways (a fake media node
 * answers the media commands): a console sees only sites of its own subtree, a previewed site is
 * told to send its camera, and it is told to stop when the console goes.
 */
describe('console previews', () => {
  let plane: TestControlPlane;
  let actors: Actors;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane();
    actors = await signActors(plane);
    plane.fleet.add(fakeNode('previews-node', ['TW'], 1));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  const connect = async (namespace: string, token: string) => {
    const socket = io(`${plane.url}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const site = (code: string) => plane.seed.sites.find((s) => s.code === code)!;

  /** A site that joined and sends a camera; its stage states as the control plane pushes them. */
  async function joinedSite(code: string) {
    const token = await plane.tokens.signSite({ sub: site(code).id, conf: plane.seed.conferenceId }, 600);
    const socket = await connect(namespaces.site, token);
    const stages: SiteStageState[] = [];
    socket.on('stageChanged', (s: SiteStageState) => stages.push(s));
    await callMessage(socket, siteRequests, 'join', {});
    const transport = await callMessage(socket, siteRequests, 'createTransport', { direction: 'send' });
    await callMessage(socket, siteRequests, 'produce', { transportId: transport.id, kind: 'video', rtpParameters: vp8 });
    return { socket, stages, id: site(code).id };
  }

  it("previews only sites of the console's subtree, tells the site to send its camera, and stops when the console goes", async () => {
    const hn = await joinedSite('DC-HN');
    const dn = await joinedSite('DC-DN');
    const console = await connect(namespaces.console, actors.operator); // an operator of Hà Nội
    const conferenceId = plane.seed.conferenceId;
    const started: { siteId: string; consumer: { id: string } }[] = [];
    console.on('previewStarted', (e: { siteId: string; consumer: { id: string } }) => started.push(e));

    await expect(callMessage(console, consoleRequests, 'setPreviews', { conferenceId, siteIds: [hn.id] })).rejects.toMatchObject({ code: 'CONFLICT' });
    await callMessage(console, consoleRequests, 'openPreviews', { conferenceId });
    await callMessage(console, consoleRequests, 'createPreviewTransport', { conferenceId, rtpCapabilities: { codecs: [] } });
    const answer = await callMessage(console, consoleRequests, 'setPreviews', { conferenceId, siteIds: [dn.id, hn.id] });
    expect(answer.siteIds).toEqual([hn.id]); // Đà Nẵng is outside Hà Nội's subtree

    await expect.poll(() => started.map((s) => s.siteId)).toEqual([hn.id]);
    await callMessage(console, consoleRequests, 'resumePreview', { conferenceId, consumerId: started[0]!.consumer.id });
    await expect.poll(() => hn.stages.at(-1)).toMatchObject({ previewed: true, sending: false });
    expect(dn.stages.some((s) => s.previewed)).toBe(false);

    await expect(
      callMessage(console, consoleRequests, 'setPreviews', { conferenceId, siteIds: Array.from({ length: 13 }, () => hn.id) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    console.close();
    await expect.poll(() => hn.stages.at(-1)).toMatchObject({ previewed: false });
  });

  it('refuses previews of a conference that does not reach into the console\'s subtree', async () => {
    const dnUnit = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN' } });
    const dnSite = site('DC-DN');
    const own = await plane.db.prisma.conference.create({
      data: {
        title: 'Hội nghị riêng của Đà Nẵng',
        hostUnitId: dnUnit.id,
        originSiteId: dnSite.id,
        status: 'open',
        scheduledStart: new Date(Date.now() - 60_000),
        scheduledEnd: new Date(Date.now() + 3_600_000),
        sites: { create: [{ siteId: dnSite.id }] },
      },
    });
    const console = await connect(namespaces.console, actors.operator);
    await expect(callMessage(console, consoleRequests, 'openPreviews', { conferenceId: own.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
