// 15,345 simulated sites reporting their link at 1 Hz into the control plane's real entry point
// for site health (HealthPublisher.reported, what the site gateway calls after validating a
// `reportHealth` message). What is simulated: the browsers and their sockets; the reports follow
// a seeded model of a national conference: steady links with jitter, short degraded episodes
// (~0.2 % of sites start one each second), and rare drops with a rejoin 10-30 s later.
import type { SiteHealthReport } from '@lienthong/contracts';
import type { SiteActivity } from '../../src/health/health-publisher.js';
import { prng } from '../../src/seed/prng.js';

interface Sim {
  siteId: string;
  baseKbps: number;
  baseRtt: number;
  /** epoch ms a degraded episode ends (0: none) */
  degradedUntil: number;
  episodeLoss: number;
  /** epoch ms the site comes back after a drop (0: present) */
  awayUntil: number;
  session: number;
}

export class SimulatedSites {
  private readonly random = prng(7);
  private readonly sims: Sim[];
  private timer: NodeJS.Timeout | null = null;
  private cursor = 0;
  /** ms spent generating reports and calling the entry point (the simulator's share of the CPU) */
  busyMs = 0;
  reports = 0;

  constructor(
    private readonly conferenceId: string,
    siteIds: readonly string[],
    private readonly target: SiteActivity,
    private readonly slices = 50,
  ) {
    this.sims = siteIds.map((siteId) => ({
      siteId,
      baseKbps: 300 + Math.round(this.random() * 1200),
      baseRtt: 15 + Math.round(this.random() ** 2 * 300),
      degradedUntil: 0,
      episodeLoss: 0,
      awayUntil: 0,
      session: 1,
    }));
  }

  /** Every site joins, then reports once a second, spread over the second in `slices` batches. */
  start(): void {
    for (const s of this.sims) this.target.joined(this.conferenceId, s.siteId, `sim-${s.siteId}-${s.session}`, 20 + (s.baseKbps % 200));
    const perSlice = Math.ceil(this.sims.length / this.slices);
    this.timer = setInterval(() => this.slice(perSlice), 1000 / this.slices);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private slice(count: number): void {
    const started = performance.now();
    const now = Date.now();
    for (let k = 0; k < count; k++) {
      const s = this.sims[this.cursor]!;
      this.cursor = (this.cursor + 1) % this.sims.length;
      this.step(s, now);
    }
    this.busyMs += performance.now() - started;
  }

  private step(s: Sim, now: number): void {
    const session = () => `sim-${s.siteId}-${s.session}`;
    if (s.awayUntil) {
      if (now < s.awayUntil) return;
      s.awayUntil = 0;
      s.session += 1;
      this.target.joined(this.conferenceId, s.siteId, session(), 20 + (s.baseKbps % 200));
    } else if (this.random() < 0.0002) {
      this.target.left(this.conferenceId, s.siteId, session());
      s.awayUntil = now + 10_000 + this.random() * 20_000;
      return;
    }
    if (!s.degradedUntil && this.random() < 0.002) {
      s.degradedUntil = now + 5_000 + this.random() * 10_000;
      s.episodeLoss = 3 + this.random() * 9;
    } else if (s.degradedUntil && now > s.degradedUntil) s.degradedUntil = 0;
    const degraded = s.degradedUntil > 0;
    const jitter = (spread: number) => 1 + (this.random() * 2 - 1) * spread;
    const report: SiteHealthReport = {
      rttMs: Math.round(s.baseRtt * jitter(0.1) * (degraded ? 2 : 1)),
      inKbps: Math.round(s.baseKbps * jitter(0.05) * (degraded ? 0.6 : 1)),
      outKbps: 0,
      lossPercent: degraded ? s.episodeLoss : this.random() * 0.8,
      fps: degraded ? 12 : 25,
      level: degraded && s.episodeLoss > 8 ? 'low' : 'full',
      adapted: degraded && s.episodeLoss > 8 ? 'low' : 'full',
      automatic: true,
      protocol: 'udp',
    };
    this.target.reported(this.conferenceId, s.siteId, session(), report);
    this.reports += 1;
  }
}
