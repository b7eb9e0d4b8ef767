// What makes a site's link ok, degraded or bad, and what counts as a change worth telling the
// consoles about. Every threshold of the health feature lives here. Pure.
import { pingIntervalMs } from '../signaling/socket-timing.js';
import { bitrateMoved, crossedEdge, healthChangeRules, type AlertKind, type HealthStatus, type SiteHealthReport, type WireReceiveLevel } from '@lienthong/contracts';

export const healthThresholds = {
  /**
   * A site in the conference not heard from this long (no report, no pong to the socket's ping)
   * has a frozen page or a dead uplink: one ping interval and a margin for a slow round trip.
   */
  silentMs: pingIntervalMs + 3_000,
  /** A replica silent this long is gone: the sites whose sockets it held are offline. */
  replicaTimeoutMs: 5_000,
  /** Status thresholds: each is one of healthChangeRules' bucket edges, so crossing it is news on both sides. */
  degraded: { lossPercent: 2, rttMs: 400 },
  bad: { lossPercent: 8, rttMs: 1_000 },
} as const;

/** One site's live state as the replica holding its socket knows it. */
export interface SiteHealthState {
  siteId: string;
  /** When this state came about (epoch ms of the replica that made it): later wins. */
  version: number;
  connected: boolean;
  status: HealthStatus;
  inKbps: number;
  outKbps: number;
  /** tenths of a percent */
  loss10: number;
  /** -1: not measured */
  rttMs: number;
  /** epoch ms of the last report (or the join); 0: never */
  lastSeen: number;
  level: WireReceiveLevel | null;
  delegates: number | null;
  /** epoch ms of the last confirmed takeover by another PC (0: none): a later one raises an alert */
  takenOverAt: number;
}

/** The status of a site in the conference from its latest report (null: none yet) and whether it went silent. */
export function deriveStatus(report: SiteHealthReport | null, silent: boolean): HealthStatus {
  if (silent) return 'bad';
  if (!report) return 'ok';
  const { bad, degraded } = healthThresholds;
  const rtt = report.rttMs ?? 0;
  // The page's own adaptation stepping down is the link speaking, whatever this second's loss.
  if (report.lossPercent >= bad.lossPercent || rtt >= bad.rttMs || report.adapted === 'audio' || report.adapted === 'tiny') return 'bad';
  if (report.lossPercent >= degraded.lossPercent || rtt >= degraded.rttMs || report.adapted === 'low') return 'degraded';
  return 'ok';
}

/** Whether `next` differs from what the consoles were last told (`last`) enough to tell them again. */
export function materiallyChanged(last: SiteHealthState | undefined, next: SiteHealthState): boolean {
  if (!last) return true;
  return (
    last.connected !== next.connected ||
    last.status !== next.status ||
    last.level !== next.level ||
    last.delegates !== next.delegates ||
    last.takenOverAt !== next.takenOverAt ||
    bitrateMoved(last.inKbps, next.inKbps) ||
    bitrateMoved(last.outKbps, next.outKbps) ||
    crossedEdge(last.loss10 / 10, next.loss10 / 10, healthChangeRules.lossBucketsPercent) ||
    crossedEdge(last.rttMs, next.rttMs, healthChangeRules.rttBucketsMs) ||
    (last.rttMs < 0) !== (next.rttMs < 0)
  );
}

/** The alert a status change raises, if any. */
export function alertFor(before: SiteHealthState | undefined, after: SiteHealthState): AlertKind | null {
  if (after.connected && after.takenOverAt > (before?.takenOverAt ?? 0)) return 'takenOver';
  if (before?.connected && !after.connected) return 'dropped';
  if (!after.connected) return null;
  const wasOk = !before || before.status === 'ok' || !before.connected;
  if (wasOk && after.status !== 'ok') return 'degraded';
  if (before?.connected && before.status !== 'ok' && after.status === 'ok') return 'recovered';
  return null;
}
