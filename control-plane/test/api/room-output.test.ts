// How an owner reaches the sites of its conference wherever they are connected: two socket.io
// servers sharing the Redis adapter (two replicas), a site on each.
import { namespaces, type SiteEvent } from '@lienthong/contracts';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSessionQueries, roomOutput } from '../../src/signaling/room-output.js';
import { conferenceRoomName, listening } from '../../src/signaling/conference-listeners.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';
import { heard, TestSockets } from '@lienthong/testing/sockets';

describe('a room output across two replicas', () => {
  const conferenceId = randomUUID();
  const prefix = uniqueRedisPrefix();
  const replicas: { io: Server; http: HttpServer; redis: Redis[]; url: string }[] = [];
  const sockets: TestSockets[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const redis = [new Redis(testRedisUrl), new Redis(testRedisUrl)];
      const http = createServer();
      const io = new Server(http, { serveClient: false });
      io.adapter(createAdapter(redis[0]!, redis[1]!, { key: `${prefix}:socket.io` }));
      answerSessionQueries(io);
      // Sites listen to their conference as the gateway makes them.
      io.of(namespaces.site).on('connection', (socket) => void socket.join(conferenceRoomName(conferenceId)));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      replicas.push({ io, http, redis, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    }
  });
  afterAll(async () => {
    sockets.forEach((s) => s.closeAll());
    for (const r of replicas) {
      await new Promise<void>((resolve) => void r.io.close(() => resolve()));
      r.redis.forEach((c) => c.disconnect());
    }
  });

  const siteOn = async (replica: number) => {
    const pcs = new TestSockets(() => replicas[replica]!.url);
    sockets.push(pcs);
    const socket = await pcs.connect(namespaces.site, {});
    await expect.poll(() => replicas[replica]!.io.of(namespaces.site).adapter.rooms.get(conferenceRoomName(conferenceId))?.has(socket.id!)).toBe(true);
    return socket;
  };

  it('lists the sessions listening on every replica, and ends the ones asked, wherever they are', async () => {
    const [here, there] = [await siteOn(0), await siteOn(1)];
    const output = roomOutput(replicas[0]!.io, conferenceId);
    // The other replica answers once its adapter has subscribed (asynchronous: under load, after the first ask).
    await expect.poll(() => output.connectedSessions()).toEqual(new Map([[here.id, null], [there.id, null]]));

    const [endedHere, endedThere] = [heard<SiteEvent<'sessionEnded'>>(here, 'sessionEnded'), heard<SiteEvent<'sessionEnded'>>(there, 'sessionEnded')];
    output.endSessions([there.id!], 'room-moved');
    await expect.poll(() => there.connected).toBe(false);
    expect(endedThere).toEqual([{ reason: 'room-moved', rejoinWithinMs: expect.any(Number) }]);
    expect(endedHere).toEqual([]);
    expect(here.connected).toBe(true);
    expect(await output.connectedSessions()).toEqual(new Map([[here.id, null]]));
  });

  it('leaves out a socket whose join or resume is still on its way to the owner, and counts it once answered', async () => {
    const resuming = await siteOn(1);
    const server = replicas[1]!.io.of(namespaces.site).sockets.get(resuming.id!)!;
    await server.leave(conferenceRoomName(conferenceId));
    let answer!: () => void;
    // As the gateway makes a resume: listening first, then the owner's answer.
    const entered = listening(server, conferenceId, 'site-9', () => new Promise<void>((resolve) => (answer = resolve)));
    await expect.poll(() => replicas[1]!.io.of(namespaces.site).adapter.rooms.get(conferenceRoomName(conferenceId))?.has(resuming.id!)).toBe(true);
    const output = roomOutput(replicas[0]!.io, conferenceId);
    // A new owner adopting the room must not end a session that is being resumed into it.
    expect((await output.connectedSessions()).has(resuming.id!)).toBe(false);
    answer();
    await entered;
    // Held now, with its site (the replica that holds it says which).
    expect((await output.connectedSessions()).get(resuming.id!)).toBe('site-9');
  });
});
