import {
  alertKinds,
  healthStatuses,
  wireReceiveLevels,
  type AlertKind,
  type ConsoleEvent,
  type ConsoleSite,
  type HealthCounts,
  type HealthRow,
  type HealthSnapshot,
  type HealthStatus,
  type LinkProfile,
  type WireReceiveLevel,
} from '@lienthong/contracts';

/** One site as the live console shows it. */
export interface LiveSite {
  index: number;
  id: string;
  name: string;
  unitName: string;
  unitPath: string;
  tierLevel: number;
  linkProfile: LinkProfile;
  status: HealthStatus;
  connected: boolean;
  inKbps: number;
  outKbps: number;
  lossPercent: number;
  rttMs: number | null;
  /** epoch ms; null: never seen */
  lastSeen: number | null;
  level: WireReceiveLevel | null;
  delegates: number | null;
}

export interface LiveAlert {
  site: LiveSite;
  kind: AlertKind;
  at: number;
}

/** What the page renders; a new object on every change (for useSyncExternalStore). */
export interface LiveHealthView {
  conferenceId: string | null;
  tiers: ReadonlyMap<number, string>;
  sites: readonly LiveSite[];
  counts: HealthCounts;
  /** newest first */
  alerts: readonly LiveAlert[];
  seq: number;
  /** when applying the last update began (performance.now()), for the render-time measurement */
  appliedAt: number;
}

const keptAlerts = 100;
const never = (site: ConsoleSite, index: number): LiveSite => ({
  index,
  id: site[0],
  name: site[1],
  unitName: site[2],
  unitPath: site[3],
  tierLevel: site[4],
  linkProfile: site[5],
  status: 'offline',
  connected: false,
  inKbps: 0,
  outKbps: 0,
  lossPercent: 0,
  rttMs: null,
  lastSeen: null,
  level: null,
  delegates: null,
});

const withRow = (site: LiveSite, row: HealthRow, base: number): LiveSite => ({
  ...site,
  status: healthStatuses[row[1]]!,
  connected: row[2] === 1,
  inKbps: row[3],
  outKbps: row[4],
  lossPercent: row[5] / 10,
  rttMs: row[6] < 0 ? null : row[6],
  lastSeen: row[7] < 0 ? null : base + row[7] * 1000,
  level: row[8] < 0 ? null : wireReceiveLevels[row[8]]!,
  delegates: row[9] < 0 ? null : row[9],
});

/**
 * The console's copy of a conference's site health: a snapshot, then deltas applied in sequence.
 * A delta that does not follow the last one means updates were lost: the caller fetches a new
 * snapshot. Only changed sites get new objects, so rows that did not change need not re-render.
 */
export class LiveHealthStore {
  private view: LiveHealthView = { conferenceId: null, tiers: new Map(), sites: [], counts: [0, 0, 0], alerts: [], seq: 0, appliedAt: 0 };
  private base = 0;
  private readonly listeners = new Set<() => void>();

  reset(snapshot: HealthSnapshot): void {
    const started = performance.now();
    this.base = snapshot.base;
    const sites = snapshot.sites.map(never);
    for (const row of snapshot.rows) if (sites[row[0]]) sites[row[0]] = withRow(sites[row[0]]!, row, this.base);
    this.publish({
      conferenceId: snapshot.conferenceId,
      tiers: new Map(snapshot.tiers),
      sites,
      counts: snapshot.counts,
      alerts: this.toAlerts(sites, snapshot.alerts).reverse(),
      seq: snapshot.seq,
      appliedAt: started,
    });
  }

  /** 'gap' when the delta does not follow the last one applied (then nothing is applied). */
  applyDelta(delta: ConsoleEvent<'health'>): 'ok' | 'gap' | 'stale' {
    if (delta.conferenceId !== this.view.conferenceId || delta.seq <= this.view.seq) return 'stale';
    if (delta.seq !== this.view.seq + 1) return 'gap';
    const started = performance.now();
    let sites = this.view.sites;
    if (delta.rows.length) {
      const next = sites.slice();
      for (const row of delta.rows) if (next[row[0]]) next[row[0]] = withRow(next[row[0]]!, row, this.base);
      sites = next;
    }
    this.publish({ ...this.view, sites, counts: delta.counts, seq: delta.seq, appliedAt: started });
    return 'ok';
  }

  addAlerts(event: ConsoleEvent<'alert'>): void {
    if (event.conferenceId !== this.view.conferenceId || !event.alerts.length) return;
    const fresh = this.toAlerts(this.view.sites, event.alerts).reverse();
    this.publish({ ...this.view, alerts: [...fresh, ...this.view.alerts].slice(0, keptAlerts) });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): LiveHealthView => this.view;

  private toAlerts(sites: readonly LiveSite[], alerts: HealthSnapshot['alerts']): LiveAlert[] {
    return alerts
      .filter((a) => sites[a[0]])
      .map((a) => ({ site: sites[a[0]]!, kind: alertKinds[a[1]]!, at: this.base + a[2] * 1000 }))
      .slice(-keptAlerts);
  }

  private publish(view: LiveHealthView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
