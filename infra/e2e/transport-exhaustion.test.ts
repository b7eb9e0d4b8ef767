import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { TestSockets } from '@lienthong/testing/sockets';
import { startScratchStack } from '@lienthong/testing/scratch-stack';

/**
 * Issue 14 finding 2 on a real mediasoup node: a site token that calls createTransport over and
 * over used every RTC port of its node (on main: 96 calls, 96 ports), and a site of another
 * conference on that node could no longer join. The node here has 10 ports (18000-18009): 30
 * calls leave the flooding session with its two transports, and the other conference's site
 * still gets both of its own.
 */
describe('one site cannot exhaust a media node', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let db: Database;
  const sockets = new TestSockets(() => stack.url);

  beforeAll(async () => {
    stack = await startScratchStack([{ nodeId: 'node-small', localityTags: ['TW'], rtcMinPort: 18000, rtcMaxPort: 18009, workers: 1 }]);
    db = await openDatabase({ databaseUrl: stack.databaseUrl });
  });
  afterAll(async () => {
    sockets.closeAll();
    await db?.close();
    await stack?.stop();
  });

  const joinedSite = async (siteId: string, conferenceId: string) => {
    const socket = await sockets.connect(namespaces.site, { token: await stack.tokens.signSite({ sub: siteId, conf: conferenceId }, 600) });
    await callMessage(socket, siteRequests, 'join', {}, 30_000);
    return socket;
  };

  /** Another conference, open now, whose hall is a site of its own (no clash with the demo's sites). */
  async function otherConference() {
    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    const hall = await db.prisma.site.create({ data: { code: 'DC-KHAC', name: 'Hội trường khác', unitId: unit.id, delegateCapacity: 50, linkProfile: 'fibre' } });
    const conference = await db.prisma.conference.create({
      data: {
        title: 'Hội nghị khác',
        hostUnitId: unit.id,
        originSiteId: hall.id,
        status: 'open',
        scheduledStart: new Date(Date.now() - 60_000),
        scheduledEnd: new Date(Date.now() + 3600_000),
        sites: { create: [{ siteId: hall.id, explicit: true }] },
      },
    });
    return { siteId: hall.id, conferenceId: conference.id };
  }

  it('keeps a flooding session to one send and one receive transport; a site of another conference still joins', async () => {
    const flooder = stack.seed.sites.find((s) => s.unitCode !== 'TW')!;
    const socket = await joinedSite(flooder.id, stack.seed.conferenceId);
    const answers: string[] = [];
    const ports = new Map<'send' | 'recv', number>();
    for (let i = 0; i < 30; i++) {
      const direction = i % 2 ? 'recv' : 'send';
      try {
        const transport = await callMessage(socket, siteRequests, 'createTransport', { direction }, 30_000);
        ports.set(direction, transport.iceCandidates[0]!.port);
        answers.push('ok');
      } catch (err) {
        answers.push((err as { code: string }).code);
      }
    }
    // Every call answered; none failed for want of a port (on main the 11th would have).
    expect(new Set(answers)).toEqual(new Set(['ok']));
    expect(socket.connected).toBe(true);
    expect(ports.size).toBe(2);

    const other = await otherConference();
    const victim = await joinedSite(other.siteId, other.conferenceId);
    const send = await callMessage(victim, siteRequests, 'createTransport', { direction: 'send' }, 30_000);
    const recv = await callMessage(victim, siteRequests, 'createTransport', { direction: 'recv' }, 30_000);
    for (const t of [send, recv]) expect(t.iceCandidates[0]!.port).toBeGreaterThanOrEqual(18000);
  });
});
