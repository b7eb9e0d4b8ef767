import type { HealthSnapshot } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { LiveHealthStore } from '../src/console/live/health-store';
import { filterSites } from '../src/console/live/site-filter';

const base = 1_700_000_000_000;
const snapshot = (seq = 10): HealthSnapshot => ({
  conferenceId: '00000000-0000-4000-8000-000000000001',
  seq,
  base,
  tiers: [
    [2, 'Quận/Huyện'],
    [3, 'Xã/Phường'],
  ],
  sites: [
    ['00000000-0000-4000-8000-00000000000a', 'Điểm cầu A', 'Xã Hòa Bắc', '/TW/DN/DN-HV/DN-HV-HB/', 3, 'satellite'],
    ['00000000-0000-4000-8000-00000000000b', 'Điểm cầu B', 'Quận Ba Đình', '/TW/HN/HN-BD/', 2, 'fibre'],
  ],
  rows: [[1, 0, 1, 900, 0, 5, 40, 60, 0, 30]],
  counts: [1, 2, 30],
  alerts: [[0, 0, 50]],
});

describe('LiveHealthStore', () => {
  it('builds the sites from a snapshot (never-seen sites offline)', () => {
    const store = new LiveHealthStore();
    store.reset(snapshot());
    const { sites, counts, alerts, tiers } = store.getView();
    expect(sites[0]).toMatchObject({ status: 'offline', connected: false, lastSeen: null, rttMs: null });
    expect(sites[1]).toMatchObject({ status: 'ok', connected: true, inKbps: 900, lossPercent: 0.5, rttMs: 40, lastSeen: base + 60_000, level: 'full', delegates: 30 });
    expect(counts).toEqual([1, 2, 30]);
    expect(alerts).toMatchObject([{ kind: 'dropped', at: base + 50_000, site: { name: 'Điểm cầu A' } }]);
    expect(tiers.get(3)).toBe('Xã/Phường');
  });

  it('applies deltas in sequence, keeps unchanged sites, and reports a gap without applying it', () => {
    const store = new LiveHealthStore();
    store.reset(snapshot());
    const untouched = store.getView().sites[1];
    const conferenceId = snapshot().conferenceId;
    expect(store.applyDelta({ conferenceId, seq: 11, rows: [[0, 2, 1, 100, 0, 120, 900, 70, 2, -1]], counts: [2, 2, 30] })).toBe('ok');
    expect(store.getView().sites[0]).toMatchObject({ status: 'bad', lossPercent: 12, level: 'audio', delegates: null });
    expect(store.getView().sites[1]).toBe(untouched);
    expect(store.applyDelta({ conferenceId, seq: 11, rows: [], counts: [0, 2, 0] })).toBe('stale');
    expect(store.applyDelta({ conferenceId, seq: 13, rows: [[0, 3, 0, 0, 0, 0, -1, 80, -1, -1]], counts: [1, 2, 30] })).toBe('gap');
    expect(store.getView()).toMatchObject({ seq: 11, counts: [2, 2, 30] });
    // the console watches again: the new snapshot replaces everything
    store.reset(snapshot(20));
    expect(store.applyDelta({ conferenceId, seq: 21, rows: [], counts: [1, 2, 30] })).toBe('ok');
  });

  it('filters by tier, unit (without accents) and problems', () => {
    const store = new LiveHealthStore();
    store.reset(snapshot());
    const sites = store.getView().sites;
    expect(filterSites(sites, { tier: 2, unit: '', problemsOnly: false }).map((s) => s.index)).toEqual([1]);
    expect(filterSites(sites, { tier: null, unit: 'hoa bac', problemsOnly: false }).map((s) => s.index)).toEqual([0]);
    expect(filterSites(sites, { tier: null, unit: 'HN-BD', problemsOnly: false }).map((s) => s.index)).toEqual([1]);
    expect(filterSites(sites, { tier: null, unit: '', problemsOnly: true }).map((s) => s.index)).toEqual([0]);
  });
});
