// What a site's arrival costs PostgreSQL (issue 13: 15,000 sites joining within a minute). Counted,
// not timed: a connection is one statement for the site (a printed link's code: one more to
// resolve it), the conference's own facts are read once for all its sites, and the join, its
// media and its delegate count write nothing until the attendance ledger's flush, which writes
// every join of the flush in one statement. Before: seven statements per site.
import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveLinks } from '../../src/join-links/join-link-store.js';
import type { TestControlPlane } from '../support/control-plane.js';
import { fakeNode, startPlaneWithFakeNode } from '../support/fake-node.js';
import { arriveAsSite, testRtp } from '../support/site-arrival.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';
import { TestSockets } from '@lienthong/testing/sockets';


describe('PostgreSQL statements per site join', () => {
  let plane: TestControlPlane;
  let node: ReturnType<typeof fakeNode>;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const statements: string[] = [];
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // The ledger never flushes by itself here: the test flushes it.
    ({ plane, node } = await startPlaneWithFakeNode('statements-node', { databaseUrl: scratch.url, onQuery: (sql) => statements.push(sql) }, {
      ATTENDANCE_FLUSH_MS: '3600000',
    }));
  });
  afterAll(async () => {
    sockets.closeAll();
    await plane?.stop();
    await scratch?.drop();
  });

  const arrive = async (auth: { token: string } | { code: string }, producerId: string) => arriveAsSite(await sockets.connect(namespaces.site, auth), producerId);
  const siteToken = async (siteId: string) => ({ token: await plane.tokens.signSite({ sub: siteId, conf: plane.seed.conferenceId }, 600) });
  const reads = (table: string) => statements.filter((s) => s.startsWith('SELECT') && s.includes(`"${table}"`)).length;

  it('costs one statement per connection and one per flush for every join in it', async () => {
    const hall = await sockets.connect(namespaces.site, await siteToken(plane.seed.hallSiteId));
    await callMessage(hall, siteRequests, 'join', {});
    const hallSend = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const { producerId } = await callMessage(hall, siteRequests, 'produce', { transportId: hallSend.id, kind: 'video', rtpParameters: testRtp });
    // The hall on air moves the conference to live (once per conference, not per join).
    await expect.poll(async () => (await plane.db.prisma.conference.findUnique({ where: { id: plane.seed.conferenceId } }))?.status).toBe('live');
    await plane.attendance.flush();

    const sites = plane.seed.sites.slice(1, 11);
    statements.length = 0;
    await Promise.all(sites.map(async (s) => arrive(await siteToken(s.id), producerId)));
    expect(node.calls.filter((c) => c.name === 'openSession')).toHaveLength(sites.length);
    // One statement per site (site, unit, invitation and revoked link generations together)...
    const perSite = statements.filter((s) => s.includes('FROM sites s JOIN units u'));
    expect(perSite).toHaveLength(sites.length);
    // ...and the conference's facts once for all of them (a few: the cache keeps them 2 s).
    expect(reads('conferences')).toBeLessThanOrEqual(2);
    // Nothing written yet: joins and delegates wait for the flush.
    expect(statements.filter((s) => /^(INSERT|UPDATE|WITH)/.test(s))).toEqual([]);
    const beforeFlush = statements.length;
    await plane.attendance.flush();
    expect(statements.length - beforeFlush).toBe(1);
    const written = await plane.db.prisma.attendanceInterval.count({ where: { conferenceId: plane.seed.conferenceId, siteId: { in: sites.map((s) => s.id) } } });
    expect(written).toBe(sites.length);
    const delegates = await plane.db.prisma.delegateReport.findMany({ where: { conferenceId: plane.seed.conferenceId, siteId: { in: sites.map((s) => s.id) } } });
    expect(delegates.map((d) => d.delegates)).toEqual(sites.map(() => 30));
  });

  it('resolves a printed link with one more statement', async () => {
    const site = plane.seed.sites[12]!;
    const conference = await plane.db.prisma.conference.findUniqueOrThrow({ where: { id: plane.seed.conferenceId } });
    const link = (await liveLinks(plane.db.prisma, conference, [site.id])).get(site.id)!;
    statements.length = 0;
    const socket = await sockets.connect(namespaces.site, { code: link.code });
    expect(socket.connected).toBe(true);
    expect(statements.filter((s) => s.includes('FROM join_links l JOIN conferences c'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('FROM sites s JOIN units u'))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(3);
  });
});
