import { callMessage, consoleRequests, namespaces, siteRequests, type ConsoleEvent, type HallOpinion, type SiteOpinion } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, ok } from '../support/api-client.js';
import { startReplicas, type Replicas } from '../support/replicas.js';
import { heard, TestSockets } from '@lienthong/testing/sockets';
import { waitFor } from '@lienthong/testing/wait';

/**
 * Opinions on a scaled-out control plane (two replicas, one PostgreSQL database, one Redis): the
 * site sends to one replica, the secretariat's console and the hall are on the other, and the
 * decisions are taken on either. Every event reaches its socket wherever it is connected.
 */
describe('opinions across replicas', () => {
  let replicas: Replicas;
  let sockets: TestSockets[];

  beforeAll(async () => {
    replicas = await startReplicas(2);
    sockets = replicas.planes.map((p) => new TestSockets(() => p.url));
  }, 120_000);
  afterAll(async () => {
    sockets?.forEach((s) => s.closeAll());
    await replicas?.stop();
  });


  it('a site on one replica, the console and the hall on the other', async () => {
    const [a, b] = replicas.planes as [Replicas['planes'][number], Replicas['planes'][number]];
    const conferenceId = replicas.seed.conferenceId;
    const central = await a.db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
    const operator = await a.tokens.signOperator({ sub: 'thu-ky', role: 'operator', unit: central.id });
    const siteToken = (sub: string) => a.tokens.signSite({ sub, conf: conferenceId }, 600);
    const commune = replicas.seed.sites.find((s) => s.unitCode === 'DN-HV-HP')!;

    const consoleSocket = await sockets[1]!.connect(namespaces.console, { token: operator });
    const queue = heard<ConsoleEvent<'opinionsChanged'>>(consoleSocket, 'opinionsChanged');
    await callMessage(consoleSocket, consoleRequests, 'watchOpinions', { conferenceId });
    const hall = await sockets[1]!.connect(namespaces.site, { token: await siteToken(replicas.seed.hallSiteId) });
    const screen = heard<HallOpinion[]>(hall, 'hallOpinions');
    await callMessage(hall, siteRequests, 'opinions', {});
    const site = await sockets[0]!.connect(namespaces.site, { token: await siteToken(commune.id) });
    const statuses = heard<SiteOpinion>(site, 'opinionChanged');
    await callMessage(site, siteRequests, 'opinions', {});

    const sent = await callMessage(site, siteRequests, 'sendOpinion', {
      clientRef: randomUUID(),
      kind: 'question',
      speakerName: 'Phạm Thị Dung',
      speakerRole: 'Đại biểu',
      text: 'Xã vùng cao khi nào có đường truyền cáp quang?',
    });
    await waitFor('the queue on the other replica', () => queue.flatMap((e) => e.opinions).find((o) => o.id === sent.id));
    // Accepted on one replica, forwarded on the other: the site and the hall hear both.
    ok(await apiClient(b.url, operator)('opinions.moderate', { params: { id: sent.id }, body: { action: 'accept' } }));
    await waitFor('accepted on the site', () => statuses.find((s) => s.status === 'accepted'));
    ok(await apiClient(a.url, operator)('opinions.moderate', { params: { id: sent.id }, body: { action: 'forward' } }));
    await waitFor('forwarded on the site', () => statuses.find((s) => s.status === 'forwarded'));
    const shown = await waitFor('the chair screen on the other replica', () => screen.find((list) => list.length === 1));
    expect(shown[0]).toMatchObject({ id: sent.id, kind: 'question', speakerName: 'Phạm Thị Dung', siteName: commune.name });
    // Each change reached the site once (its own arrival too), though both replicas heard it.
    expect(statuses.map((s) => s.status)).toEqual(['pending', 'accepted', 'forwarded']);
  });
});
