import {
  callMessage,
  consoleEvents,
  consoleRequests,
  namespaces,
  siteRequests,
  type ConsoleEvent,
  type HealthRow,
  type HealthSnapshot,
  type SiteHealthReport,
  type WireError,
} from '@lienthong/contracts';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthThresholds } from '../../src/health/status.js';
import { testRedisUrl } from '../support/control-plane.js';
import { startReplicas, type Replicas } from '../support/replicas.js';

const goodLink: SiteHealthReport = {
  rttMs: 35,
  inKbps: 950,
  outKbps: 0,
  lossPercent: 0,
  fps: 25,
  level: 'full',
  adapted: 'full',
  automatic: true,
  protocol: 'udp',
};

/** A console's view of the stream: its snapshot, then every delta and alert it was pushed. */
class ConsoleProbe {
  readonly deltas: ConsoleEvent<'health'>[] = [];
  readonly alerts: ConsoleEvent<'alert'>[] = [];
  constructor(readonly socket: Socket) {
    socket.on('health', (p: unknown) => this.deltas.push(consoleEvents.health.parse(p)));
    socket.on('alert', (p: unknown) => this.alerts.push(consoleEvents.alert.parse(p)));
  }
  watch(conferenceId: string): Promise<HealthSnapshot> {
    return callMessage(this.socket, consoleRequests, 'watch', { conferenceId });
  }
  /** The latest row of a site (by its index in the snapshot's table) pushed so far. */
  lastRow(index: number): HealthRow | undefined {
    return this.deltas.flatMap((d) => d.rows).filter((r) => r[0] === index).at(-1);
  }
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Site health across replicas, on real Redis and PostgreSQL: sites report to one control plane,
 * consoles watch on another.
 */
describe('live health across two control-plane replicas', () => {
  let replicas: Replicas;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    replicas = await startReplicas(2);
  });
  afterAll(async () => replicas?.stop());
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));

  const connect = (url: string, nsp: string, token: string) => {
    const socket = io(`${url}${nsp}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise<{ socket: Socket; refused?: WireError }>((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (err: Error & { data?: WireError }) => resolve({ socket, refused: err.data }));
    });
  };
  const a = () => replicas.planes[0]!;
  const b = () => replicas.planes[1]!;
  const person = async (role: 'operator' | 'system_admin' | 'member', unitCode: string) => {
    const unit = await a().db.prisma.unit.findUniqueOrThrow({ where: { code: unitCode } });
    return a().tokens.signOperator({ sub: `p-${role}-${unitCode}`, role, unit: unit.id }, 600);
  };
  const openConsole = async (role: 'operator' | 'system_admin', unitCode: string, plane = b()) => {
    const { socket, refused } = await connect(plane.url, namespaces.console, await person(role, unitCode));
    expect(refused).toBeUndefined();
    return new ConsoleProbe(socket);
  };
  const joinSite = async (code: string, plane = a(), delegates = 25) => {
    const site = replicas.seed.sites.find((s) => s.code === code)!;
    const token = await plane.tokens.signSite({ sub: site.id, conf: replicas.seed.conferenceId }, 600);
    const { socket, refused } = await connect(plane.url, namespaces.site, token);
    expect(refused).toBeUndefined();
    await callMessage(socket, siteRequests, 'join', { delegates });
    return { site, socket, report: (r: Partial<SiteHealthReport> = {}) => callMessage(socket, siteRequests, 'reportHealth', { ...goodLink, ...r }) };
  };

  it('a console on replica B sees a site that joins and reports on replica A, degrade, then drop', async () => {
    const admin = await openConsole('system_admin', 'TW');
    const snapshot = await admin.watch(replicas.seed.conferenceId);
    expect(snapshot.sites).toHaveLength(replicas.seed.sites.length);
    expect(snapshot.counts).toEqual([0, replicas.seed.sites.length, 0]);

    const commune = await joinSite('DC-HN-BD-DB');
    const index = snapshot.sites.findIndex((s) => s[0] === commune.site.id);
    await commune.report();
    // [index, status ok, connected, in kbit/s, ...]
    const row = await until('the site connected and ok', () => {
      const r = admin.lastRow(index);
      return r && r[2] === 1 && r[3] === 950 ? r : undefined;
    });
    expect(row.slice(0, 7)).toEqual([index, 0, 1, 950, 0, 0, 35]);
    expect(row[9]).toBe(25);
    expect(admin.deltas.at(-1)!.counts).toEqual([1, replicas.seed.sites.length, 25]);
    // Sequence numbers follow each other: one delta a tick, even when nothing changed.
    const seqs = admin.deltas.map((d) => d.seq);
    expect(seqs).toEqual(seqs.map((_, i) => snapshot.seq + 1 + i));

    await commune.report({ lossPercent: 12 });
    await until('the site turns bad', () => admin.lastRow(index)?.[1] === 2);
    await until('a degraded alert', () => admin.alerts.flatMap((x) => x.alerts).find((x) => x[0] === index && x[1] === 1));

    commune.socket.disconnect();
    await until('the site offline', () => admin.lastRow(index)?.[2] === 0 && admin.lastRow(index)?.[1] === 3);
    await until('a dropped alert', () => admin.alerts.flatMap((x) => x.alerts).find((x) => x[0] === index && x[1] === 0));

    // A console opened later on replica A (which watched nothing) starts from the stored state.
    const late = await openConsole('system_admin', 'TW', a());
    const again = await late.watch(replicas.seed.conferenceId);
    const stored = again.rows.find((r) => r[0] === again.sites.findIndex((s) => s[0] === commune.site.id));
    expect(stored?.slice(1, 3)).toEqual([3, 0]);
    // One opened on replica B also gets the alerts B raised (alerts live with a replica's watch).
    const second = await (await openConsole('system_admin', 'TW')).watch(replicas.seed.conferenceId);
    expect(second.alerts.filter((x) => x[0] === index).map((x) => x[1])).toEqual([1, 0]);
  });

  it('a steady site that stops reporting stays ok on its pongs alone; one whose page stops answering turns bad', async () => {
    const admin = await openConsole('system_admin', 'TW');
    const snapshot = await admin.watch(replicas.seed.conferenceId);
    const [steady, frozen] = [await joinSite('DC-HN-BD-KM'), await joinSite('DC-HN-HK-HB')];
    const [steadyIndex, frozenIndex] = [steady, frozen].map((x) => snapshot.sites.findIndex((s) => s[0] === x.site.id)) as [number, number];
    await Promise.all([steady.report(), frozen.report()]);
    await until('both ok', () => admin.lastRow(steadyIndex)?.[1] === 0 && admin.lastRow(frozenIndex)?.[1] === 0);
    // A frozen page answers no ping: its socket stays open (the ping timeout is far off) but silent.
    (frozen.socket.io.engine.transport as unknown as { ws: { pause(): void } }).ws.pause();
    await until('the frozen page bad', () => admin.lastRow(frozenIndex)?.[1] === 2, healthThresholds.silentMs + 6000);
    expect(admin.lastRow(frozenIndex)?.[2]).toBe(1); // still connected
    // Neither has reported since; the steady one was never published as anything but ok.
    expect(admin.deltas.flatMap((d) => d.rows).filter((r) => r[0] === steadyIndex).map((r) => r[1])).toEqual([0]);
    // Gone before the next test watches.
    [steady, frozen].forEach((x) => x.socket.disconnect());
    await until('both offline', () => admin.lastRow(steadyIndex)?.[2] === 0 && admin.lastRow(frozenIndex)?.[2] === 0);
  }, 30_000);

  it("an operator sees only its own subtree's sites; another province's cannot watch its conference", async () => {
    const hn = await openConsole('operator', 'HN');
    const dn = await openConsole('operator', 'DN');
    const hnView = await hn.watch(replicas.seed.conferenceId);
    const dnView = await dn.watch(replicas.seed.conferenceId);
    const codesOf = (view: HealthSnapshot) => view.sites.map((s) => replicas.seed.sites.find((x) => x.id === s[0])!.unitCode);
    expect(codesOf(hnView).length).toBeGreaterThan(0);
    expect(codesOf(hnView).every((c) => c.startsWith('HN'))).toBe(true);
    expect(codesOf(dnView).every((c) => c.startsWith('DN'))).toBe(true);

    const site = await joinSite('DC-HN-HK-TT', a(), 30);
    await site.report();
    const hnIndex = hnView.sites.findIndex((s) => s[0] === site.site.id);
    await until('HN sees its site', () => hn.lastRow(hnIndex)?.[2] === 1);
    expect(hn.deltas.at(-1)!.counts).toEqual([1, hnView.sites.length, 30]);
    // DN's stream ran all along, without a row or a count of HN's site.
    await until('a few DN deltas', () => dn.deltas.length >= 2);
    expect(dn.deltas.flatMap((d) => d.rows)).toEqual([]);
    expect(dn.deltas.at(-1)!.counts).toEqual([0, dnView.sites.length, 0]);

    // A conference hosted in Hà Nội for Hà Nội's sites only: Đà Nẵng may not watch it.
    const prisma = a().db.prisma;
    const hnUnit = await prisma.unit.findUniqueOrThrow({ where: { code: 'HN' } });
    const hnSites = replicas.seed.sites.filter((s) => s.unitCode.startsWith('HN'));
    const local = await prisma.conference.create({
      data: {
        title: 'Hội nghị Thành ủy',
        hostUnitId: hnUnit.id,
        originSiteId: hnSites[0]!.id,
        status: 'open',
        scheduledStart: new Date(),
        scheduledEnd: new Date(Date.now() + 3_600_000),
        sites: { create: hnSites.map((s) => ({ siteId: s.id })) },
      },
    });
    await expect(dn.watch(local.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await hn.watch(local.id)).sites).toHaveLength(hnSites.length);
    const denied = await prisma.auditEntry.findFirst({ where: { action: 'console.watch', resourceId: local.id, outcome: 'denied' } });
    expect(denied).not.toBeNull();
  });

  it('refuses people without a console and malformed health reports', async () => {
    const { refused } = await connect(b().url, namespaces.console, await person('member', 'HN'));
    expect(refused?.code).toBe('FORBIDDEN');
    const site = await joinSite('DC-DN-HV-HB', a());
    await expect(site.report({ lossPercent: 140 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(site.report({ inKbps: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a replica that misses news reads the stored states back (a gap in a replica stream)', async () => {
    const admin = await openConsole('system_admin', 'TW');
    const view = await admin.watch(replicas.seed.conferenceId);
    const target = replicas.seed.sites.find((s) => s.code === 'DC-DN-HC-TT')!;
    const index = view.sites.findIndex((s) => s[0] === target.id);
    // A replica "r-gap" whose message 2 never arrived: message 3 is news of nothing, but its
    // stored state (written before message 2 would have gone out) says the site is connected.
    const redis = new Redis(testRedisUrl);
    try {
      const prefix = replicas.prefix;
      const now = Date.now();
      const channel = `${prefix}:health:${replicas.seed.conferenceId}`;
      await redis.publish(channel, JSON.stringify({ r: 'r-gap', q: 1, e: [] }));
      await redis.hset(`${prefix}:health-state:${replicas.seed.conferenceId}`, target.id, JSON.stringify({ o: 'r-gap', e: [target.id, now, 1, 1, 300, 0, 40, 220, now, 1, 12] }));
      await redis.publish(channel, JSON.stringify({ r: 'r-gap', q: 3, e: [] }));
      const row = await until('the stored state', () => admin.lastRow(index));
      expect(row.slice(0, 7)).toEqual([index, 1, 1, 300, 0, 40, 220]);
      // r-gap then falls silent: its site is taken offline with an alert.
      await until('r-gap timed out', () => admin.lastRow(index)?.[2] === 0, 10_000);
    } finally {
      redis.disconnect();
    }
  });
});
