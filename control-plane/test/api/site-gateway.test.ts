import { callMessage, conferenceNotOpenDetailsSchema, namespaces, siteRequests, type WireError } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { fakeNode } from '../support/fake-node.js';

/** The /site door against a real control plane: every way in that must fail, fails clearly. */
describe('site signaling gateway', () => {
  let plane: TestControlPlane;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane();
  });
  afterAll(async () => plane?.stop());
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));

  const connect = (auth: object) => {
    const socket = io(`${plane.url}${namespaces.site}`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise<{ socket: Socket; refused?: WireError }>((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (err: Error & { data?: WireError }) => resolve({ socket, refused: err.data }));
    });
  };
  const siteToken = (siteId: string, conferenceId = plane.seed.conferenceId, ttl = 60) =>
    plane.tokens.signSite({ sub: siteId, conf: conferenceId }, ttl);

  it.each([
    { case: 'no auth at all', auth: async () => ({}), code: 'UNAUTHENTICATED' },
    { case: 'a garbage token', auth: async () => ({ token: 'garbage' }), code: 'UNAUTHENTICATED' },
    { case: "a node's token", auth: async () => ({ token: await plane.tokens.signNode({ sub: 'node-1' }) }), code: 'FORBIDDEN' },
    {
      case: 'a token for a conference that does not exist',
      auth: async () => ({ token: await siteToken(plane.seed.hallSiteId, '00000000-0000-4000-8000-000000000000') }),
      code: 'NOT_FOUND',
    },
  ])('refuses $case with $code', async ({ auth, code }) => {
    const { socket, refused } = await connect(await auth());
    expect(socket.connected).toBe(false);
    expect(refused?.code).toBe(code);
    expect(refused?.message.length).toBeGreaterThan(5);
  });

  it('refuses an expired site token with TOKEN_EXPIRED', async () => {
    const aMinuteAgo = plane.tokens.withClock(() => new Date(Date.now() - 60_000));
    const token = await aMinuteAgo.signSite({ sub: plane.seed.hallSiteId, conf: plane.seed.conferenceId }, 1);
    expect((await connect({ token })).refused?.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a site that is not invited, and a conference that is not open', async () => {
    const outsider = await plane.db.prisma.site.create({
      data: { code: 'OUTSIDER', name: 'Điểm cầu ngoài danh sách', unitId: (await plane.db.prisma.unit.findFirstOrThrow()).id, delegateCapacity: 10, linkProfile: 'fibre' },
    });
    expect((await connect({ token: await siteToken(outsider.id) })).refused?.code).toBe('FORBIDDEN');

    const conference = await plane.db.prisma.conference.update({ where: { id: plane.seed.conferenceId }, data: { status: 'scheduled' } });
    plane.joinFacts.forget(conference.id); // written behind the control plane's back
    try {
      const { refused } = await connect({ token: await siteToken(plane.seed.hallSiteId) });
      expect(refused?.code).toBe('CONFERENCE_NOT_OPEN');
      // The refusal carries what a site needs for its countdown.
      expect(conferenceNotOpenDetailsSchema.parse(refused?.details)).toEqual({
        status: 'scheduled',
        scheduledStart: conference.scheduledStart.toISOString(),
        scheduledEnd: conference.scheduledEnd.toISOString(),
      });
    } finally {
      await plane.db.prisma.conference.update({ where: { id: plane.seed.conferenceId }, data: { status: 'open' } });
    }
  });

  it('lets a valid site in; malformed and unknown messages get typed error acks', async () => {
    const { socket, refused } = await connect({ token: await siteToken(plane.seed.sites[3]!.id) });
    expect(refused).toBeUndefined();
    const bad = await socket.timeout(2000).emitWithAck('createTransport', { direction: 'sideways' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await socket.timeout(2000).emitWithAck('dance', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
    // Before joining, media requests are refused rather than acted on.
    const early = await socket.timeout(2000).emitWithAck('createTransport', { direction: 'recv' });
    expect(early).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
  });

  it('greets a site before it joins (device check) without placing it, and keeps its receive settings to its own consumers', async () => {
    const { socket } = await connect({ token: await siteToken(plane.seed.hallSiteId) });
    const hello = await callMessage(socket, siteRequests, 'hello', {});
    expect(hello).toMatchObject({ role: 'hall', site: { id: plane.seed.hallSiteId }, conference: { id: plane.seed.conferenceId, status: 'open' } });
    const path = await fetch(`${plane.url}/api/conferences/${plane.seed.conferenceId}/media-path`, {
      headers: { authorization: `Bearer ${plane.operatorToken}` },
    });
    expect(await path.json()).toEqual({ items: [] });
    await expect(
      callMessage(socket, siteRequests, 'setConsumerPaused', { consumerId: 'c-1', paused: true }),
    ).rejects.toMatchObject({ code: 'NOT_JOINED' });
    await expect(
      callMessage(socket, siteRequests, 'setPreferredLayers', { consumerId: 'c-1', spatialLayer: 9 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("records a site's attendance from its join (not the device check) until it leaves, and the delegates it reported", async () => {
    const site = plane.seed.sites[5]!;
    const intervals = () => plane.db.prisma.attendanceInterval.findMany({ where: { siteId: site.id, conferenceId: plane.seed.conferenceId } });
    const node = fakeNode('attendance-node', ['TW'], 1);
    plane.fleet.add(node);
    try {
      const { socket } = await connect({ token: await siteToken(site.id) });
      await callMessage(socket, siteRequests, 'hello', {});
      expect(await intervals()).toEqual([]); // on the device check: not attending yet
      await callMessage(socket, siteRequests, 'join', { delegates: 42 });
      await expect.poll(intervals).toEqual([expect.objectContaining({ joinedAt: expect.any(Date), leftAt: null })]);
      await expect
        .poll(() => plane.db.prisma.delegateReport.findUnique({ where: { conferenceId_siteId: { conferenceId: plane.seed.conferenceId, siteId: site.id } } }))
        .toMatchObject({ delegates: 42 });
      socket.close();
      await expect.poll(async () => (await intervals())[0]?.leftAt).toEqual(expect.any(Date));
    } finally {
      plane.fleet.remove(node);
    }
  });

  it('answers join with NO_MEDIA_NODE while no media node is connected', async () => {
    const { socket } = await connect({ token: await siteToken(plane.seed.sites[2]!.id) });
    await expect(callMessage(socket, siteRequests, 'join', {})).rejects.toMatchObject({ code: 'NO_MEDIA_NODE' });
  });
});
