// The console side of site health on this replica: for each conference a console here watches,
// the merged health of all its sites (fed by every replica through the bus), and once a tick one
// compact delta per scope, pushed to the consoles of that scope.
import type { ConsoleEvent, ConsoleEventName, HealthSnapshot } from '@lienthong/contracts';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { HealthAggregator } from './health-aggregator.js';
import type { HealthBus } from './health-bus.js';
import { expectedSites, tierNames } from './expected-sites.js';
import { ScopeView } from './scope-view.js';

/** Sends one event to the consoles of one conference watching with one scope root. */
export type ScopeEmitter = <K extends ConsoleEventName>(conferenceId: string, root: string, event: K, payload: ConsoleEvent<K>) => void;

interface Watched {
  aggregator: HealthAggregator;
  base: number;
  tiers: [number, string][];
  /** consoles (by id) and the scope root each watches with */
  consoles: Map<string, string>;
  views: Map<string, ScopeView>;
  resync: Promise<void> | null;
}

/** Times are sent as seconds since a base a day back, so states restored from the store stay positive. */
const baseLeadMs = 24 * 3600 * 1000;

export class HealthHub {
  private readonly watched = new Map<string, Promise<Watched>>();
  /** the opened ones, which ticks walk */
  private readonly ready = new Map<string, Watched>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly deps: { bus: HealthBus; db: Database; logger: Logger; emit: ScopeEmitter; tickMs: number; clock?: () => number },
  ) {
    this.timer = setInterval(() => this.tick(), deps.tickMs);
    this.timer.unref();
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  /** Starts sending the conference's deltas for the sites under `root`; answers the snapshot they build on. */
  async watch(conferenceId: string, consoleId: string, root: string): Promise<HealthSnapshot> {
    let opening = this.watched.get(conferenceId);
    if (!opening) {
      opening = this.open(conferenceId);
      this.watched.set(conferenceId, opening);
      opening.catch(() => this.watched.delete(conferenceId));
    }
    const w = await opening;
    w.consoles.set(consoleId, root);
    const view = this.viewOf(w, root);
    return {
      conferenceId,
      seq: w.aggregator.seq,
      base: w.base,
      tiers: w.tiers,
      sites: view.table,
      rows: view.allRows(),
      counts: view.counts(),
      alerts: view.alerts(w.aggregator.recentAlerts),
    };
  }

  async unwatch(conferenceId: string, consoleId: string): Promise<void> {
    const opening = this.watched.get(conferenceId);
    if (!opening) return;
    const w = await opening;
    w.consoles.delete(consoleId);
    const roots = new Set(w.consoles.values());
    for (const root of w.views.keys()) if (!roots.has(root)) w.views.delete(root);
    if (w.consoles.size || this.watched.get(conferenceId) !== opening) return;
    this.watched.delete(conferenceId);
    this.ready.delete(conferenceId);
    await this.deps.bus.unsubscribe(conferenceId);
  }

  /** Consoles watching, per conference (for metrics). */
  watchers(): Map<string, number> {
    return new Map([...this.ready].map(([conferenceId, w]) => [conferenceId, w.consoles.size]));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const ids = [...this.watched.keys()];
    this.watched.clear();
    this.ready.clear();
    await Promise.allSettled(ids.map((id) => this.deps.bus.unsubscribe(id)));
  }

  private async open(conferenceId: string): Promise<Watched> {
    const { db, bus } = this.deps;
    const [sites, tiers] = await Promise.all([expectedSites(db.prisma, conferenceId), tierNames(db.prisma)]);
    const now = this.now();
    const w: Watched = {
      aggregator: new HealthAggregator(sites),
      base: Math.floor((now - baseLeadMs) / 1000) * 1000,
      tiers,
      consoles: new Map(),
      views: new Map(),
      resync: null,
    };
    // Subscribe before reading the store: news in between is applied, and older stored states lose to it.
    await bus.subscribe(conferenceId, (news) => {
      const verdict = w.aggregator.receive(news.replicaId, news.seq, news.states, this.now());
      if (verdict === 'gap') this.resync(conferenceId, w);
    });
    w.aggregator.restore(await bus.load(conferenceId), this.now());
    this.ready.set(conferenceId, w);
    return w;
  }

  /** News from a replica was lost: read every site's last state back from the store. */
  private resync(conferenceId: string, w: Watched): void {
    if (w.resync) return;
    this.deps.logger.warn({ conferenceId }, 'health news lost; reading the stored states');
    w.resync = this.deps.bus
      .load(conferenceId)
      .then((entries) => w.aggregator.restore(entries, this.now()))
      .catch((err: unknown) => this.deps.logger.warn({ conferenceId, err }, 'cannot read stored health'))
      .finally(() => (w.resync = null));
  }

  private viewOf(w: Watched, root: string): ScopeView {
    let view = w.views.get(root);
    if (!view) w.views.set(root, (view = new ScopeView(w.aggregator, root, w.base)));
    return view;
  }

  /** One delta per conference and scope, every tick, even empty: a missing seq tells a console it lost one. */
  tick(): void {
    const now = this.now();
    for (const [conferenceId, w] of this.ready) {
      const tick = w.aggregator.tick(now);
      for (const [root, view] of w.views) {
        this.deps.emit(conferenceId, root, 'health', { conferenceId, seq: tick.seq, rows: view.rows(tick.changed), counts: view.counts() });
        const alerts = view.alerts(tick.alerts);
        if (alerts.length) this.deps.emit(conferenceId, root, 'alert', { conferenceId, alerts });
      }
    }
  }
}
