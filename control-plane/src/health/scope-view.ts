// What one console may see of a conference's health: the sites under its scope root, numbered
// by their place in its own site table, encoded as the compact rows of the console contract.
import {
  alertKinds,
  healthStatuses,
  wireReceiveLevels,
  type ConsoleSite,
  type HealthAlert,
  type HealthCounts,
  type HealthRow,
} from '@lienthong/contracts';
import type { HealthAggregator, HealthAlertEvent } from './health-aggregator.js';
import type { SiteHealthState } from './status.js';

const seconds = (at: number, base: number) => Math.max(0, Math.round((at - base) / 1000));

export function encodeRow(index: number, s: SiteHealthState, base: number): HealthRow {
  return [
    index,
    healthStatuses.indexOf(s.status),
    s.connected ? 1 : 0,
    s.inKbps,
    s.outKbps,
    Math.min(1000, s.loss10),
    s.rttMs,
    s.lastSeen > 0 ? seconds(s.lastSeen, base) : -1,
    s.level ? wireReceiveLevels.indexOf(s.level) : -1,
    s.delegates ?? -1,
  ];
}

export class ScopeView {
  /** this view's site table */
  readonly table: ConsoleSite[] = [];
  /** aggregator index -> index in `table`, -1 when outside the scope */
  private readonly localOf: Int32Array;
  private readonly globals: number[] = [];

  constructor(
    private readonly aggregator: HealthAggregator,
    /** unit path prefix this console may see ("/" for everything) */
    readonly root: string,
    /** epoch ms that times count from */
    private readonly base: number,
  ) {
    this.localOf = new Int32Array(aggregator.sites.length).fill(-1);
    aggregator.sites.forEach((s, i) => {
      if (!s.unitPath.startsWith(root)) return;
      this.localOf[i] = this.table.length;
      this.globals.push(i);
      this.table.push([s.id, s.name, s.unitName, s.unitPath, s.tierLevel, s.linkProfile]);
    });
  }

  /** Rows of the given aggregator indexes that lie in this scope. */
  rows(indexes: Iterable<number>): HealthRow[] {
    const rows: HealthRow[] = [];
    for (const i of indexes) {
      const local = this.localOf[i]!;
      const state = this.aggregator.stateAt(i);
      if (local >= 0 && state) rows.push(encodeRow(local, state, this.base));
    }
    return rows;
  }

  allRows(): HealthRow[] {
    return this.rows(this.globals);
  }

  alerts(events: readonly HealthAlertEvent[]): HealthAlert[] {
    return events
      .filter((a) => this.localOf[a.index]! >= 0)
      .map((a) => [this.localOf[a.index]!, alertKinds.indexOf(a.kind), seconds(a.at, this.base)]);
  }

  /** [connected, expected, delegates reported by the connected sites] in this scope. */
  counts(): HealthCounts {
    let connected = 0;
    let delegates = 0;
    for (const i of this.globals) {
      const s = this.aggregator.stateAt(i);
      if (!s?.connected) continue;
      connected += 1;
      delegates += s.delegates ?? 0;
    }
    return [connected, this.globals.length, delegates];
  }
}
