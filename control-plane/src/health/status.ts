// What makes a site's link ok, degraded or bad, and what counts as a change worth telling the
// consoles about. Every threshold of the health feature lives here. Pure.
import type { HealthStatus, SiteHealthReport, WireReceiveLevel } from '@lienthong/contracts';

export const healthThresholds = {
  /** A site in the conference that reports nothing this long has a frozen page or a dead uplink. */
  silentMs: 5_000,
  /** A replica silent this long is gone: the sites whose sockets it held are offline. */
  replicaTimeoutMs: 5_000,
  degraded: { lossPercent: 2, rttMs: 400 },
  bad: { lossPercent: 8, rttMs: 1_000 },
  /** A bitrate moving by more than this share (of at least `bitrateFloorKbps`) is a change. */
  bitrateChange: 0.2,
  bitrateFloorKbps: 20,
  /** Bucket edges: moving across one is a change, jitter inside one is not. */
  lossBucketsPercent: [1, 2, 5, 8, 20],
  rttBucketsMs: [100, 250, 400, 700, 1_000],
  /** Crossing an edge counts once the value is this share past it: a value sitting on an edge is not news every second. */
  bucketHysteresis: 0.1,
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
}

/** Whether a value moved across one of the edges, by more than the hysteresis margin. */
function crossedEdge(before: number, after: number, edges: readonly number[]): boolean {
  const m = healthThresholds.bucketHysteresis;
  return edges.some((e) => (before < e && after >= e * (1 + m)) || (before >= e && after < e * (1 - m)));
}

/** The status of a site in the conference from its latest report (null: none yet) and whether it went silent. */
export function deriveStatus(report: SiteHealthReport | null, silent: boolean): HealthStatus {
  if (silent) return 'bad';
  if (!report) return 'ok';
  const { bad, degraded } = healthThresholds;
  const rtt = report.rttMs ?? 0;
  // The page's own adaptation stepping down is the link speaking, whatever this second's loss.
  if (report.lossPercent >= bad.lossPercent || rtt >= bad.rttMs || report.adapted === 'audio') return 'bad';
  if (report.lossPercent >= degraded.lossPercent || rtt >= degraded.rttMs || report.adapted === 'low') return 'degraded';
  return 'ok';
}

const bitrateMoved = (before: number, after: number) =>
  Math.abs(after - before) > healthThresholds.bitrateChange * Math.max(before, healthThresholds.bitrateFloorKbps);

/** Whether `next` differs from what the consoles were last told (`last`) enough to tell them again. */
export function materiallyChanged(last: SiteHealthState | undefined, next: SiteHealthState): boolean {
  if (!last) return true;
  return (
    last.connected !== next.connected ||
    last.status !== next.status ||
    last.level !== next.level ||
    last.delegates !== next.delegates ||
    bitrateMoved(last.inKbps, next.inKbps) ||
    bitrateMoved(last.outKbps, next.outKbps) ||
    crossedEdge(last.loss10 / 10, next.loss10 / 10, healthThresholds.lossBucketsPercent) ||
    crossedEdge(last.rttMs, next.rttMs, healthThresholds.rttBucketsMs) ||
    (last.rttMs < 0) !== (next.rttMs < 0)
  );
}

/** The alert a status change raises, if any. */
export function alertFor(before: SiteHealthState | undefined, after: SiteHealthState): 'dropped' | 'degraded' | 'recovered' | null {
  if (before?.connected && !after.connected) return 'dropped';
  if (!after.connected) return null;
  const wasOk = !before || before.status === 'ok' || !before.connected;
  if (wasOk && after.status !== 'ok') return 'degraded';
  if (before?.connected && before.status !== 'ok' && after.status === 'ok') return 'recovered';
  return null;
}
