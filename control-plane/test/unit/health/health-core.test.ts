import type { SiteHealthReport } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { HealthAggregator, type ExpectedSite } from '../../../src/health/health-aggregator.js';
import { ScopeView } from '../../../src/health/scope-view.js';
import { SiteHealthTracker } from '../../../src/health/site-tracker.js';
import { deriveStatus, healthThresholds, type SiteHealthState } from '../../../src/health/status.js';

const report = (patch: Partial<SiteHealthReport> = {}): SiteHealthReport => ({
  rttMs: 40,
  inKbps: 900,
  outKbps: 0,
  lossPercent: 0,
  fps: 25,
  level: 'full',
  adapted: 'full',
  automatic: true,
  protocol: 'udp',
  ...patch,
});

const site = (id: string, unitPath: string, tierLevel = 3): ExpectedSite => ({
  id,
  name: `Site ${id}`,
  unitName: `Unit ${unitPath}`,
  unitPath,
  tierLevel,
  linkProfile: 'fibre',
});

const state = (siteId: string, version: number, patch: Partial<SiteHealthState> = {}): SiteHealthState => ({
  siteId,
  version,
  connected: true,
  status: 'ok',
  inKbps: 900,
  outKbps: 0,
  loss10: 0,
  rttMs: 40,
  lastSeen: version,
  level: 'full',
  delegates: null,
  takenOverAt: 0,
  ...patch,
});

describe('status thresholds', () => {
  it.each([
    [report(), false, 'ok'],
    [null, false, 'ok'],
    [report({ lossPercent: 2 }), false, 'degraded'],
    [report({ rttMs: 450 }), false, 'degraded'],
    [report({ adapted: 'low' }), false, 'degraded'],
    [report({ lossPercent: 9 }), false, 'bad'],
    [report({ rttMs: 1200 }), false, 'bad'],
    [report({ adapted: 'audio' }), false, 'bad'],
    [report(), true, 'bad'],
  ] as const)('%o (silent: %s) is %s', (r, silent, expected) => {
    expect(deriveStatus(r, silent)).toBe(expected);
  });
});

describe('SiteHealthTracker: what a replica publishes', () => {
  it('publishes a join, then only material changes', () => {
    const t = new SiteHealthTracker();
    t.joined('a', 's1', 12, 1000);
    expect(t.tick(1000)).toMatchObject([{ siteId: 'a', connected: true, status: 'ok', delegates: 12 }]);
    t.reported('a', 's1', report(), 2000);
    expect(t.tick(2000)).toHaveLength(1); // first numbers
    // jitter inside the buckets and under 20 % bitrate: nothing to say
    t.reported('a', 's1', report({ inKbps: 1000, rttMs: 60, lossPercent: 0.5 }), 3000);
    expect(t.tick(3000)).toEqual([]);
    // bitrate up by more than 20 %
    t.reported('a', 's1', report({ inKbps: 1300 }), 4000);
    expect(t.tick(4000)).toMatchObject([{ inKbps: 1300, status: 'ok' }]);
    // loss crosses a bucket and the degraded threshold
    t.reported('a', 's1', report({ inKbps: 1300, lossPercent: 3 }), 5000);
    expect(t.tick(5000)).toMatchObject([{ status: 'degraded', loss10: 30 }]);
  });

  it('a value hovering on a bucket edge is not news every second (hysteresis)', () => {
    const t = new SiteHealthTracker();
    t.joined('a', 's1', null, 0);
    t.reported('a', 's1', report({ rttMs: 95 }), 0);
    t.tick(0);
    for (const [i, rtt] of [104, 96, 108, 93].entries()) {
      t.reported('a', 's1', report({ rttMs: rtt }), 1000 * (i + 1));
      expect(t.tick(1000 * (i + 1))).toEqual([]);
    }
    t.reported('a', 's1', report({ rttMs: 112 }), 6000);
    expect(t.tick(6000)).toMatchObject([{ rttMs: 112 }]);
    t.reported('a', 's1', report({ rttMs: 95 }), 7000);
    expect(t.tick(7000)).toEqual([]);
    t.reported('a', 's1', report({ rttMs: 88 }), 8000);
    expect(t.tick(8000)).toMatchObject([{ rttMs: 88 }]);
  });

  it('a site that goes silent turns bad, and one that leaves goes offline once', () => {
    const t = new SiteHealthTracker();
    t.joined('a', 's1', null, 0);
    t.reported('a', 's1', report(), 0);
    t.tick(0);
    expect(t.tick(healthThresholds.silentMs)).toEqual([]);
    expect(t.tick(healthThresholds.silentMs + 1)).toMatchObject([{ status: 'bad', connected: true }]);
    t.left('a', 's1', 7000);
    expect(t.tick(7000)).toMatchObject([{ status: 'offline', connected: false, version: 7000 }]);
    expect(t.idle).toBe(true);
  });

  it('a steady site that only answers the socket’s pings stays as it was; its replaced session’s pongs count for nothing', () => {
    const t = new SiteHealthTracker();
    t.joined('a', 's1', null, 0);
    t.reported('a', 's1', report(), 0);
    t.tick(0);
    const ping = healthThresholds.silentMs - 1000;
    for (let now = ping; now <= 4 * healthThresholds.silentMs; now += ping) {
      t.seen('a', 's1', now);
      expect(t.tick(now)).toEqual([]);
    }
    t.joined('a', 's2', null, 40_000);
    t.tick(40_000);
    t.seen('a', 's1', 40_000 + healthThresholds.silentMs);
    expect(t.tick(40_000 + healthThresholds.silentMs + 1)).toMatchObject([{ status: 'bad', connected: true }]);
  });

  it('ignores reports and departures of a replaced session', () => {
    const t = new SiteHealthTracker();
    t.joined('a', 'old', null, 0);
    t.tick(0);
    t.joined('a', 'new', null, 100);
    expect(t.reported('a', 'old', report(), 150)).toBe(false);
    t.left('a', 'old', 200);
    expect(t.tick(300)).toMatchObject([{ connected: true }]);
    expect(t.tick(400)).toEqual([]);
  });
});

describe('HealthAggregator: the merged view', () => {
  const sites = [site('a', '/TW/HN/X/'), site('b', '/TW/HN/Y/'), site('c', '/TW/DN/Z/')];

  it('hands out the changed sites once per tick, with alerts on drops, degradation and recovery', () => {
    const agg = new HealthAggregator(sites);
    agg.receive('r1', 1, [state('a', 10), state('b', 10)], 10);
    expect(agg.tick(10)).toEqual({ seq: 1, changed: [0, 1], alerts: [] });
    expect(agg.tick(20)).toEqual({ seq: 2, changed: [], alerts: [] });
    agg.receive('r1', 2, [state('a', 30, { status: 'degraded', loss10: 40 })], 30);
    agg.receive('r1', 3, [state('b', 40, { connected: false, status: 'offline' })], 40);
    expect(agg.tick(40)).toEqual({
      seq: 3,
      changed: [0, 1],
      alerts: [
        { index: 0, kind: 'degraded', at: 30 },
        { index: 1, kind: 'dropped', at: 40 },
      ],
    });
    agg.receive('r1', 4, [state('a', 50)], 50);
    expect(agg.tick(50).alerts).toEqual([{ index: 0, kind: 'recovered', at: 50 }]);
    expect(agg.recentAlerts.map((a) => a.kind)).toEqual(['degraded', 'dropped', 'recovered']);
  });

  it('says "gap" when a replica message was lost', () => {
    const agg = new HealthAggregator(sites);
    expect(agg.receive('r1', 5, [], 0)).toBe('ok'); // first word from r1
    expect(agg.receive('r1', 6, [], 0)).toBe('ok');
    expect(agg.receive('r1', 8, [], 0)).toBe('gap');
    expect(agg.receive('r1', 1, [], 0)).toBe('ok'); // a fresh stream from r1
    expect(agg.receive('r2', 3, [], 0)).toBe('ok');
    // a replica known from the store only: its first message is no gap
    agg.restore([{ owner: 'r3', state: state('c', 0) }], 0);
    expect(agg.receive('r3', 40, [], 0)).toBe('ok');
    expect(agg.receive('r3', 42, [], 0)).toBe('gap');
  });

  it('a late departure on the replica a site left does not take it offline; older news loses', () => {
    const agg = new HealthAggregator(sites);
    agg.receive('r1', 1, [state('a', 10)], 10);
    agg.receive('r2', 1, [state('a', 20)], 20); // rejoined on r2
    agg.receive('r1', 2, [state('a', 30, { connected: false, status: 'offline' })], 30);
    expect(agg.stateAt(0)).toMatchObject({ connected: true, version: 20 });
    agg.restore([{ owner: 'r2', state: state('a', 15, { inKbps: 1 }) }], 31);
    expect(agg.stateAt(0)).toMatchObject({ inKbps: 900, version: 20 });
  });

  it('takes the sites of a silent replica offline, with an alert', () => {
    const agg = new HealthAggregator(sites);
    agg.receive('r1', 1, [state('a', 0)], 0);
    agg.receive('r2', 1, [state('b', 0)], 0);
    agg.tick(0);
    agg.receive('r2', 2, [], healthThresholds.replicaTimeoutMs);
    const tick = agg.tick(healthThresholds.replicaTimeoutMs + 1);
    expect(tick.changed).toEqual([0]);
    expect(tick.alerts).toEqual([{ index: 0, kind: 'dropped', at: healthThresholds.replicaTimeoutMs + 1 }]);
    expect(agg.stateAt(0)).toMatchObject({ connected: false, status: 'offline', lastSeen: 0 });
    expect(agg.stateAt(1)).toMatchObject({ connected: true });
  });

  it('restores stored states without alerts, and ignores sites that are not participants', () => {
    const agg = new HealthAggregator(sites);
    agg.restore([{ owner: 'r9', state: state('b', 5, { status: 'bad' }) }, { owner: 'r9', state: state('zz', 5) }], 5);
    expect(agg.tick(5)).toEqual({ seq: 1, changed: [1], alerts: [] });
    // r9 never speaks: its site goes offline once the replica timeout passes
    expect(agg.tick(5 + healthThresholds.replicaTimeoutMs + 1).changed).toEqual([1]);
  });
});

describe('ScopeView: one console scope', () => {
  it('numbers its own sites, encodes compact rows and counts only them', () => {
    const sites = [site('a', '/TW/HN/X/'), site('b', '/TW/DN/Y/'), site('c', '/TW/HN/Z/')];
    const agg = new HealthAggregator(sites);
    const base = 1_000_000;
    agg.receive('r1', 1, [state('b', base + 3000, { delegates: 7 }), state('c', base + 2000, { delegates: 40, loss10: 25, rttMs: 120 })], 0);
    const hn = new ScopeView(agg, '/TW/HN/', base);
    expect(hn.table.map((s) => s[0])).toEqual(['a', 'c']);
    expect(hn.allRows()).toEqual([[1, 0, 1, 900, 0, 25, 120, 2, 0, 40]]);
    expect(hn.rows([0, 1, 2])).toEqual([[1, 0, 1, 900, 0, 25, 120, 2, 0, 40]]);
    expect(hn.counts()).toEqual([1, 2, 40]);
    const all = new ScopeView(agg, '/', base);
    expect(all.counts()).toEqual([2, 3, 47]);
    expect(hn.alerts([{ index: 1, kind: 'dropped', at: base }, { index: 2, kind: 'degraded', at: base + 5000 }])).toEqual([[1, 1, 5]]);
  });
});
