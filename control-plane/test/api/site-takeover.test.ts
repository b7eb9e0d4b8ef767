// Taking over a connected site (issue 14 finding 1): another PC must confirm, the takeover is
// audited and the operators' alert list shows it; the same PC rejoining is not asked.
import {
  alertKinds,
  callMessage,
  consoleEvents,
  consoleRequests,
  namespaces,
  siteInUseDetailsSchema,
  siteRequests,
  type ConsoleEvent,
  type SiteEvent,
} from '@lienthong/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestControlPlane } from '../support/control-plane.js';
import { startPlaneWithFakeNode } from '../support/fake-node.js';
import { replicasForTests } from '../support/replicas.js';
import { TestSockets } from '@lienthong/testing/sockets';

describe('site takeover', () => {
  let plane: TestControlPlane;
  const sockets = new TestSockets(() => plane.url);

  beforeAll(async () => {
    ({ plane } = await startPlaneWithFakeNode('takeover-node'));
  });
  afterAll(async () => plane?.stop());
  afterEach(() => sockets.closeAll());

  const open = (namespace: string, token: string) => sockets.connect(namespace, { token });
  const sitePc = async (siteId: string) => open(namespaces.site, await plane.tokens.signSite({ sub: siteId, conf: plane.seed.conferenceId }, 600));

  it('refuses a second PC without confirmation (saying since when), lets it take over when confirmed, audits it and alerts the console', async () => {
    const site = plane.seed.sites[3]!;
    const console = await open(namespaces.console, plane.operatorToken);
    const alerts: ConsoleEvent<'alert'>[] = [];
    console.on('alert', (p: unknown) => alerts.push(consoleEvents.alert.parse(p)));
    const snapshot = await callMessage(console, consoleRequests, 'watch', { conferenceId: plane.seed.conferenceId });
    const index = snapshot.sites.findIndex((s) => s[0] === site.id);

    const first = await sitePc(site.id);
    const ended: SiteEvent<'sessionEnded'>[] = [];
    first.on('sessionEnded', (e: SiteEvent<'sessionEnded'>) => ended.push(e));
    await callMessage(first, siteRequests, 'join', { device: 'pc-one-0000000001' });

    const second = await sitePc(site.id);
    const refusal = await callMessage(second, siteRequests, 'join', { device: 'pc-two-0000000002' }).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'SITE_IN_USE' });
    const since = siteInUseDetailsSchema.parse((refusal as { details: unknown }).details).connectedSince;
    expect(new Date(since!).getTime()).toBeLessThanOrEqual(Date.now());
    expect(first.connected).toBe(true);
    expect(ended).toEqual([]);

    await callMessage(second, siteRequests, 'join', { device: 'pc-two-0000000002', takeover: true });
    await expect.poll(() => ended).toEqual([{ reason: 'replaced' }]);
    const audit = await plane.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'sites.takeover', resourceId: site.id } });
    expect(audit).toMatchObject({ actorRole: 'site', actorId: site.id, outcome: 'done' });
    await expect
      .poll(() => alerts.flatMap((a) => a.alerts).find((a) => a[0] === index && a[1] === alertKinds.indexOf('takenOver')), { timeout: 8000 })
      .toBeDefined();
  });

  it('lets the same PC rejoin (a reload, a dropped link) without asking', async () => {
    const site = plane.seed.sites[6]!;
    const before = await sitePc(site.id);
    await callMessage(before, siteRequests, 'join', { device: 'pc-same-00000003' });
    const after = await sitePc(site.id);
    await expect(callMessage(after, siteRequests, 'join', { device: 'pc-same-00000003' })).resolves.toMatchObject({ site: { id: site.id } });
    expect(await plane.db.prisma.auditEntry.count({ where: { action: 'sites.takeover', resourceId: site.id } })).toBe(0);
  });
});

/** Two replicas: the PC holding the site is connected to one, the second PC reaches the other. */
describe('site takeover across replicas', () => {
  const setup = replicasForTests(2);
  const sitePcOn = (replica: number, siteId: string) => setup.siteOn(replica, siteId);

  it('asks the second PC to confirm even when the first is connected to another replica', async () => {
    const site = setup.replicas().seed.sites[4]!;
    const first = await sitePcOn(0, site.id);
    const ended: SiteEvent<'sessionEnded'>[] = [];
    first.on('sessionEnded', (e: SiteEvent<'sessionEnded'>) => ended.push(e));
    await callMessage(first, siteRequests, 'join', { device: 'pc-one-0000000001' });

    const second = await sitePcOn(1, site.id);
    await expect(callMessage(second, siteRequests, 'join', { device: 'pc-two-0000000002' })).rejects.toMatchObject({ code: 'SITE_IN_USE' });
    expect(first.connected).toBe(true);
    expect(ended).toEqual([]);

    await callMessage(second, siteRequests, 'join', { device: 'pc-two-0000000002', takeover: true });
    await expect.poll(() => ended).toEqual([{ reason: 'replaced' }]);
    await expect
      .poll(() => setup.replicas().planes[0]!.db.prisma.auditEntry.count({ where: { action: 'sites.takeover', resourceId: site.id } }))
      .toBe(1);
  });
});
