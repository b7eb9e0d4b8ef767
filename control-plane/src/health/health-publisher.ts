// This replica's side of site health: the site gateway tells it who joined, left and reported;
// once a tick it publishes each conference's material changes (and a heartbeat) to the bus.
import type { SiteHealthReport } from '@lienthong/contracts';
import type { Logger } from '../logger.js';
import type { HealthBus } from './health-bus.js';
import { SiteHealthTracker } from './site-tracker.js';

/** What the site gateway reports (the gateway knows nothing else of health). */
export interface SiteActivity {
  joined(conferenceId: string, siteId: string, sessionId: string, delegates: number | null): void;
  left(conferenceId: string, siteId: string, sessionId: string): void;
  reported(conferenceId: string, siteId: string, sessionId: string, report: SiteHealthReport): void;
  /** The site's socket answered a ping (every pingIntervalMs): alive, nothing new to say. */
  seen?(conferenceId: string, siteId: string, sessionId: string): void;
  /** The site's session that just joined took it over from another PC. */
  takenOver?(conferenceId: string, siteId: string): void;
}

export class HealthPublisher implements SiteActivity {
  private readonly trackers = new Map<string, { tracker: SiteHealthTracker; seq: number }>();
  private readonly timer: NodeJS.Timeout;
  private publishing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: HealthBus,
    readonly replicaId: string,
    private readonly logger: Logger,
    tickMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  joined(conferenceId: string, siteId: string, sessionId: string, delegates: number | null): void {
    let entry = this.trackers.get(conferenceId);
    if (!entry) this.trackers.set(conferenceId, (entry = { tracker: new SiteHealthTracker(), seq: 0 }));
    entry.tracker.joined(siteId, sessionId, delegates, this.clock());
  }

  left(conferenceId: string, siteId: string, sessionId: string): void {
    this.trackers.get(conferenceId)?.tracker.left(siteId, sessionId, this.clock());
  }

  takenOver(conferenceId: string, siteId: string): void {
    this.trackers.get(conferenceId)?.tracker.takenOver(siteId, this.clock());
  }

  reported(conferenceId: string, siteId: string, sessionId: string, report: SiteHealthReport): void {
    this.trackers.get(conferenceId)?.tracker.reported(siteId, sessionId, report, this.clock());
  }

  seen(conferenceId: string, siteId: string, sessionId: string): void {
    this.trackers.get(conferenceId)?.tracker.seen(siteId, sessionId, this.clock());
  }

  /** Publishes every conference's changes; exposed so a benchmark can drive ticks itself. */
  tick(): Promise<unknown> {
    const now = this.clock();
    const sends: Promise<unknown>[] = [];
    for (const [conferenceId, entry] of this.trackers) {
      const states = entry.tracker.tick(now);
      if (entry.tracker.idle) this.trackers.delete(conferenceId);
      entry.seq += 1;
      sends.push(
        this.bus
          .publish(conferenceId, this.replicaId, entry.seq, states)
          .catch((err: unknown) => this.logger.warn({ conferenceId, err }, 'cannot publish site health')),
      );
    }
    this.publishing = Promise.all(sends);
    return this.publishing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
  }
}

/** About once a second: the console's rhythm, and what sites report at. */
export const healthTickMs = 1_000;
