import { healthHeartbeatMs, reportIsNews, type SiteHealthReport } from '@lienthong/contracts';
import { assessQuality } from './quality';
import type { ReceiveLevel } from './receive/receive-level';
import { summarizeInbound, type InboundStats, type OutboundStats, type StatsSource } from './stats';

/** The site measures its link every second; a change reaches the console within it. */
export const HEALTH_REPORT_MS = 1_000;

/** One reading of the link: what arrived and left so far, and the ICE round trip. */
export interface LinkReading {
  inbound: InboundStats;
  outbound: OutboundStats;
  rttMs: number | null;
}

type StatsEntry = Record<string, unknown> & { type: string };

/** The selected ICE candidate pair's current round trip, ms (null until ICE has measured one). */
export function roundTripMs(report: StatsSource): number | null {
  const all: StatsEntry[] = [];
  report.forEach((v) => {
    if (v && typeof v === 'object' && typeof (v as StatsEntry).type === 'string') all.push(v as StatsEntry);
  });
  const transport = all.find((e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string');
  const pair = transport
    ? all.find((e) => e.id === transport.selectedCandidatePairId)
    : all.find((e) => e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated === true);
  const seconds = pair?.currentRoundTripTime;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/** The report for the interval between two readings, with the page's receive state. */
export function healthReport(
  before: LinkReading,
  after: LinkReading,
  receive: { level: ReceiveLevel; adapted: ReceiveLevel; switches: { automatic: boolean } },
): SiteHealthReport {
  const quality = assessQuality(before.inbound, after.inbound);
  const seconds = (after.outbound.timestamp - before.outbound.timestamp) / 1000;
  const sent =
    after.outbound.videoBytesSent + after.outbound.audioBytesSent - before.outbound.videoBytesSent - before.outbound.audioBytesSent;
  return {
    rttMs: after.rttMs === null ? null : clamp(after.rttMs, 60_000),
    inKbps: clamp(quality.kbps, 1_000_000),
    outKbps: seconds > 0 ? clamp(Math.round((Math.max(0, sent) * 8) / 1000 / seconds), 1_000_000) : 0,
    lossPercent: clamp(quality.lossPercent, 100),
    fps: clamp(quality.fps, 240),
    level: receive.level,
    adapted: receive.adapted,
    automatic: receive.switches.automatic,
    protocol: after.inbound.protocol,
  };
}

/** What the reporter needs of the join's media. */
export interface LinkSource {
  recvStatsReport(): Promise<StatsSource | null>;
  outboundStats(): Promise<OutboundStats>;
}

/**
 * Reads the link every second while the site is in the conference and sends what it measured
 * (`reportHealth`) when it is news (reportIsNews) or when healthHeartbeatMs passed since the last
 * one. A report that cannot be sent is dropped: the next one says the same, newer.
 */
export class HealthReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: LinkReading | null = null;
  private lastSent: { report: SiteHealthReport; at: number } | null = null;

  constructor(
    private readonly media: () => LinkSource | null,
    private readonly receive: () => Parameters<typeof healthReport>[2],
    /** Fire and forget: a report that cannot be sent is simply not (the next one replaces it). */
    private readonly send: (report: SiteHealthReport) => unknown,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.sample(), HEALTH_REPORT_MS);
    void this.sample();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
    this.lastSent = null;
  }

  private async sample(): Promise<void> {
    const media = this.media();
    if (!media) return;
    try {
      const [raw, outbound] = await Promise.all([media.recvStatsReport(), media.outboundStats()]);
      if (!raw || this.timer === null) return;
      const reading = { inbound: summarizeInbound(raw), outbound, rttMs: roundTripMs(raw) };
      const previous = this.previous;
      this.previous = reading;
      if (previous) this.offer(healthReport(previous, reading, this.receive()));
    } catch {
      // The session is ending or the socket dropped; the next join starts over.
    }
  }

  /** Sends the report if it is news, or to refresh a steady link's figures once a heartbeat (liveness is the socket's ping). */
  offer(report: SiteHealthReport): void {
    const now = this.now();
    if (this.lastSent && now - this.lastSent.at < healthHeartbeatMs && !reportIsNews(this.lastSent.report, report)) return;
    this.lastSent = { report, at: now };
    this.send(report);
  }
}
