import { callMessage, namespaces, siteRequests, type WireError } from '@lienthong/contracts';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConference } from '../../src/scheduling/handlers/close-conference.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { fakeNode } from '../support/fake-node.js';

/**
 * Ending a conference lets its connected sites go: by the operator's "end" or at its scheduled
 * close. The site is told why, disconnected, and refused with the conference's status when it
 * reconnects; its room closes and its stored plan goes.
 */
describe('ending a running conference', () => {
  let plane: TestControlPlane;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane();
    plane.fleet.add(fakeNode('end-node', ['TW'], 1));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  /** A fresh open conference of two demo sites (the hall and one more), with a relay of it that is open too. */
  async function openConference() {
    const p = plane.db.prisma;
    const [hall, other] = [plane.seed.sites[0]!, plane.seed.sites[1]!];
    const tw = await p.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    const times = { scheduledStart: new Date(Date.now() - 60_000), scheduledEnd: new Date(Date.now() + 3_600_000) };
    const conference = await p.conference.create({
      data: { title: 'Hội nghị sẽ kết thúc', hostUnitId: tw.id, originSiteId: hall.id, status: 'open', ...times, sites: { create: [{ siteId: hall.id }, { siteId: other.id }] } },
    });
    return { conference, hall, other };
  }

  const connect = async (siteId: string, conferenceId: string) => {
    const token = await plane.tokens.signSite({ sub: siteId, conf: conferenceId }, 600);
    const socket = io(`${plane.url}${namespaces.site}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const refused = await new Promise<WireError | null>((resolve) => {
      socket.once('connect', () => resolve(null));
      socket.once('connect_error', (err: Error & { data?: WireError }) => resolve(err.data ?? null));
    });
    const ended: string[] = [];
    socket.on('sessionEnded', (e: { reason: string }) => ended.push(e.reason));
    return { socket, refused, ended };
  };
  const post = (path: string) => fetch(`${plane.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${plane.operatorToken}` } });

  it("the operator's end tells every joined site, disconnects it, refuses it after, and closes the room", async () => {
    const { conference, hall, other } = await openConference();
    const joined = await connect(hall.id, conference.id);
    await callMessage(joined.socket, siteRequests, 'join', {});
    const onDeviceCheck = await connect(other.id, conference.id); // connected, not joined
    expect(plane.rooms.find(conference.id)).toBeDefined();

    const answer = await post(`/api/conferences/${conference.id}/end`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: conference.id, status: 'ended' });

    await expect.poll(() => joined.ended).toEqual(['conference-ended']);
    await expect.poll(() => joined.socket.connected).toBe(false);
    await expect.poll(() => plane.rooms.find(conference.id)).toBeUndefined();
    // The site still on its device check cannot join an ended conference.
    await expect(callMessage(onDeviceCheck.socket, siteRequests, 'join', {})).rejects.toMatchObject({ code: 'CONFERENCE_NOT_OPEN' });
    const again = await connect(hall.id, conference.id);
    expect(again.refused).toMatchObject({ code: 'CONFERENCE_NOT_OPEN', details: { status: 'ended' } });

    const twice = await post(`/api/conferences/${conference.id}/end`);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'CONFLICT' });
  });

  it('a conference that reaches its scheduled end lets its sites go the same way', async () => {
    const { conference, hall } = await openConference();
    const joined = await connect(hall.id, conference.id);
    await callMessage(joined.socket, siteRequests, 'join', {});
    const logger = pino({ level: 'silent' });
    await closeConference({ db: plane.db, logger, endings: plane.endings }, { conferenceId: conference.id, at: conference.scheduledEnd.toISOString() });
    await expect.poll(() => joined.ended).toEqual(['conference-ended']);
    await expect.poll(() => plane.rooms.find(conference.id)).toBeUndefined();
  });

  it('a scheduled conference cannot be ended (it is cancelled instead)', async () => {
    const { conference } = await openConference();
    await plane.db.prisma.conference.update({ where: { id: conference.id }, data: { status: 'scheduled' } });
    const answer = await post(`/api/conferences/${conference.id}/end`);
    expect(answer.status).toBe(409);
    expect((await answer.json()).message).toContain('cancel it instead');
  });
});
