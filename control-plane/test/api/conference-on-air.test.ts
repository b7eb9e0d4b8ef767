// The lifecycle's `programFlows` (issue 15): a conference is recorded `live` in the database when
// the hall's program first reaches its media, by the room's owner, under the room's fence.
import { callMessage, siteRequests, type ProgramTrack } from '@lienthong/contracts';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { recordProgramFlows } from '../../src/domain/conference-on-air.js';
import { RoomLeases } from '../../src/live/ownership/room-lease.js';
import { OnAirRecorder } from '../../src/live/on-air.js';
import { testRedisUrl } from '../support/control-plane.js';
import { replicasForTests } from '../support/replicas.js';

const rtp = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 2222 }] };
const logger = pino({ level: 'silent' });

describe('a conference goes live when its program flows', () => {
  // Two replicas on one real PostgreSQL database: the write must come from the room's owner.
  const setup = replicasForTests(2);
  const prisma = () => setup.replicas().planes[0]!.db.prisma;
  const statusOf = async (id: string) => (await prisma().conference.findUniqueOrThrow({ where: { id } })).status;
  const siteOn = async (replica: number, siteId: string) => {
    const socket = await setup.siteOn(replica, siteId);
    await callMessage(socket, siteRequests, 'join', {});
    return socket;
  };
  const sendCamera = async (socket: Awaited<ReturnType<typeof siteOn>>) => {
    const send = await callMessage(socket, siteRequests, 'createTransport', { direction: 'send' });
    return callMessage(socket, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: rtp });
  };

  it('stays open while only sites outside the program send, and is live once the hall sends (the owner writes it)', async () => {
    const replicas = setup.replicas();
    const conferenceId = replicas.seed.conferenceId;
    expect(await statusOf(conferenceId)).toBe('open');
    // A commune joins first, on replica 0, which opens the room and owns it; its camera is not in the program.
    const commune = await siteOn(0, replicas.seed.sites[4]!.id);
    await sendCamera(commune);
    const owner = replicas.planes[0]!.rooms.find(conferenceId);
    expect(owner?.programTracks()).toEqual([]);
    expect(await statusOf(conferenceId)).toBe('open');

    // The hall, on the other replica: its produce is relayed to the owner, and its program flows.
    const hall = await siteOn(1, replicas.seed.hallSiteId);
    const { producerId } = await sendCamera(hall);
    expect(replicas.planes[1]!.rooms.find(conferenceId)).toBeUndefined();
    await waitFor('the conference recorded live', async () => ((await statusOf(conferenceId)) === 'live' ? true : undefined), 10_000);

    // Going on and off the air again changes nothing: live stays live, and nobody is refused.
    await callMessage(hall, siteRequests, 'stopProducing', { producerId });
    await sendCamera(hall);
    expect(await statusOf(conferenceId)).toBe('live');
    const again = await siteOn(1, replicas.seed.sites[5]!.id);
    expect(again.connected).toBe(true);
  });

  it("is written only under the room's current fence, and never moves a conference that is not open", async () => {
    const replicas = setup.replicas();
    const seeded = await prisma().conference.findUniqueOrThrow({ where: { id: replicas.seed.conferenceId } });
    const { id } = await prisma().conference.create({
      data: {
        title: 'Hội nghị lên sóng',
        hostUnitId: seeded.hostUnitId,
        originSiteId: seeded.originSiteId,
        status: 'open',
        scheduledStart: new Date(Date.UTC(2033, 0, 1)),
        scheduledEnd: new Date(Date.UTC(2033, 0, 2)),
      },
    });
    const redis = new Redis(testRedisUrl);
    try {
      const [first, second] = [new RoomLeases(redis, replicas.prefix, 'first', logger), new RoomLeases(redis, replicas.prefix, 'second', logger)];
      const track: ProgramTrack = { producerId: 'p1', kind: 'video', source: 'camera', siteId: seeded.originSiteId, siteName: 'Hội trường', unitName: 'Trung ương' };
      const recorder = (held: { stillHeld(): Promise<boolean> }) =>
        new OnAirRecorder(id, { write: (conferenceId) => recordProgramFlows(prisma(), conferenceId), holdsFence: () => held.stillHeld(), logger });

      // A previous owner whose room moved on (its lease was taken over): its write is not made.
      const stale = (await first.acquire(id))!;
      const staleRecorder = recorder(stale);
      await stale.release();
      const current = (await second.acquire(id))!;
      await staleRecorder.programIs([track]);
      expect(await statusOf(id)).toBe('open');

      // The current owner's is; an empty program raises nothing.
      const currentRecorder = recorder(current);
      await currentRecorder.programIs([]);
      expect(await statusOf(id)).toBe('open');
      await currentRecorder.programIs([track]);
      expect(await statusOf(id)).toBe('live');
      await current.release();

      // The conditional update: an ended conference stays ended.
      await prisma().conference.update({ where: { id }, data: { status: 'ended', endedAt: new Date() } });
      expect(await recordProgramFlows(prisma(), id)).toBe(false);
      expect(await statusOf(id)).toBe('ended');
    } finally {
      redis.disconnect();
    }
  });
});
