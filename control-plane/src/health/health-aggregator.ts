// The merged live health of one conference's expected sites, fed by every replica that holds
// some of their sockets. Applies their (already material) changes, takes a replica's silence for
// the loss of its sites, raises alerts, and once a tick hands out what changed. Pure.
import type { AlertKind, LinkProfile } from '@lienthong/contracts';
import { alertFor, healthThresholds, type SiteHealthState } from './status.js';

/** A site taking part in the conference (from the database). */
export interface ExpectedSite {
  id: string;
  name: string;
  unitName: string;
  unitPath: string;
  tierLevel: number;
  linkProfile: LinkProfile;
}

export interface HealthAlertEvent {
  index: number;
  kind: AlertKind;
  at: number;
}

export interface HealthTick {
  seq: number;
  /** indexes (in `sites`) of the sites whose state changed since the last tick */
  changed: number[];
  alerts: HealthAlertEvent[];
}

interface Held {
  state: SiteHealthState;
  /** the replica whose socket holds (or last held) the site */
  owner: string;
}

const keptAlerts = 200;

export class HealthAggregator {
  private readonly indexOf = new Map<string, number>();
  private readonly held: (Held | undefined)[];
  private readonly replicas = new Map<string, { seq: number; heardAt: number }>();
  private dirty = new Set<number>();
  private pendingAlerts: HealthAlertEvent[] = [];
  private readonly recent: HealthAlertEvent[] = [];
  /** Number of the last tick; the next delta carries seq + 1. */
  seq = 0;

  constructor(readonly sites: readonly ExpectedSite[]) {
    sites.forEach((s, i) => this.indexOf.set(s.id, i));
    this.held = new Array<Held | undefined>(sites.length);
  }

  /** Message `seq` of replica `replicaId`: 'gap' when an earlier one was lost (read the store again). */
  receive(replicaId: string, seq: number, entries: readonly SiteHealthState[], now: number): 'ok' | 'gap' {
    const known = this.replicas.get(replicaId);
    this.replicas.set(replicaId, { seq, heardAt: now });
    for (const state of entries) this.apply(replicaId, state, true);
    // seq 1 starts a replica's stream afresh (its sites there had all left, and one came back).
    // seq -1: known only from the store so far, no stream to have a gap in yet.
    return known && known.seq >= 0 && seq !== known.seq + 1 && seq !== 1 ? 'gap' : 'ok';
  }

  /** Every replica's last word per site, read back from the store: no alerts, older news loses. */
  restore(entries: readonly { owner: string; state: SiteHealthState }[], now: number): void {
    for (const { owner, state } of entries) {
      this.apply(owner, state, false);
      // A replica we have not heard from yet gets the usual time to prove it is alive.
      if (state.connected && !this.replicas.has(owner)) this.replicas.set(owner, { seq: -1, heardAt: now });
    }
  }

  stateAt(index: number): SiteHealthState | undefined {
    return this.held[index]?.state;
  }

  /** The latest alerts, oldest first. */
  get recentAlerts(): readonly HealthAlertEvent[] {
    return this.recent;
  }

  /** Ends a tick: a silent replica's sites go offline, and what changed since the last tick comes out. */
  tick(now: number): HealthTick {
    for (const [replicaId, { heardAt }] of this.replicas) {
      if (now - heardAt <= healthThresholds.replicaTimeoutMs) continue;
      this.replicas.delete(replicaId);
      this.held.forEach((h, index) => {
        if (h?.owner !== replicaId || !h.state.connected) return;
        this.setState(index, replicaId, h.state, { ...h.state, version: now, connected: false, status: 'offline', inKbps: 0, outKbps: 0, loss10: 0, rttMs: -1, level: null }, true);
      });
    }
    this.seq += 1;
    const tick = { seq: this.seq, changed: [...this.dirty], alerts: this.pendingAlerts };
    this.dirty = new Set();
    this.pendingAlerts = [];
    return tick;
  }

  private apply(owner: string, state: SiteHealthState, raiseAlerts: boolean): void {
    const index = this.indexOf.get(state.siteId);
    if (index === undefined) return; // not (or no longer) a participant
    const current = this.held[index];
    if (current) {
      // A replica that lost the site after it rejoined elsewhere does not take it offline.
      if (!state.connected && current.state.connected && current.owner !== owner) return;
      if (state.version < current.state.version) return;
    }
    this.setState(index, owner, current?.state, state, raiseAlerts);
  }

  private setState(index: number, owner: string, before: SiteHealthState | undefined, next: SiteHealthState, raiseAlerts: boolean): void {
    this.held[index] = { state: next, owner };
    this.dirty.add(index);
    const kind = raiseAlerts ? alertFor(before, next) : null;
    if (!kind) return;
    const alert = { index, kind, at: next.version };
    this.pendingAlerts.push(alert);
    this.recent.push(alert);
    if (this.recent.length > keptAlerts) this.recent.splice(0, this.recent.length - keptAlerts);
  }
}
