import { z } from 'zod';

/**
 * A site's link as its browser measures it, reported about once a second while it is in a
 * conference (message `reportHealth` on /site). Bounds are generous physical limits: anything
 * outside them is a broken or hostile client, refused at the boundary.
 */
/** 'tiny' (the 160x90 layer, or a slide-rate picture) came later: appended so the console's row indices keep their meaning. */
export const receiveLevelSchema = z.enum(['full', 'low', 'audio', 'tiny']);
export type WireReceiveLevel = z.infer<typeof receiveLevelSchema>;

export const siteHealthReportSchema = z.object({
  /** Round trip to the media node (the selected ICE pair's), ms; null before ICE measured one. */
  rttMs: z.number().min(0).max(60_000).nullable(),
  /** Program received (audio + video), kbit/s over the last interval. */
  inKbps: z.number().min(0).max(1_000_000),
  /** Media sent (the hall, or a site holding the floor), kbit/s. */
  outKbps: z.number().min(0).max(1_000_000),
  /** Share of the program's packets lost over the last interval, %. */
  lossPercent: z.number().min(0).max(100),
  /** Decoded program frames per second. */
  fps: z.number().min(0).max(240),
  /** What the node is asked to forward to the site. */
  level: receiveLevelSchema,
  /** The automatic adaptation's own level (stricter than "full" means the link forced a step down). */
  adapted: receiveLevelSchema,
  automatic: z.boolean(),
  /** ICE over UDP, or TCP behind a firewall that drops UDP. */
  protocol: z.enum(['udp', 'tcp']).nullable(),
});
export type SiteHealthReport = z.infer<typeof siteHealthReportSchema>;

/**
 * What counts as news about a site's link, for the browser deciding whether to report and for the
 * replicas deciding whether to tell the consoles: one set of rules on both sides of the wire.
 */
export const healthChangeRules = {
  /** A bitrate moving by more than this share (of at least `bitrateFloorKbps`) is a change. */
  bitrateChange: 0.2,
  bitrateFloorKbps: 20,
  /** Bucket edges: moving across one is a change, jitter inside one is not (the status thresholds are edges too). */
  lossBucketsPercent: [1, 2, 5, 8, 20],
  rttBucketsMs: [100, 250, 400, 700, 1_000],
  /** Crossing an edge counts once the value is this share past it: a value sitting on an edge is not news every second. */
  bucketHysteresis: 0.1,
} as const;

/** Whether a value moved across one of the edges, by more than the hysteresis margin. */
export function crossedEdge(before: number, after: number, edges: readonly number[]): boolean {
  const m = healthChangeRules.bucketHysteresis;
  return edges.some((e) => (before < e && after >= e * (1 + m)) || (before >= e && after < e * (1 - m)));
}

export const bitrateMoved = (before: number, after: number) =>
  Math.abs(after - before) > healthChangeRules.bitrateChange * Math.max(before, healthChangeRules.bitrateFloorKbps);

/**
 * A steady link's figures are sent again this often; a change is reported the second it is
 * measured. That the site is alive the replicas learn from its socket's pong to socket.io's ping
 * (every 10 s, paid anyway), so at national scale, where most links are steady, sites send next to
 * nothing (a report every 3 s, the rule before, cost the control plane ~1.8 cores for 15,345 sites).
 */
export const healthHeartbeatMs = 30_000;

/** Whether the browser should send `next`, given the last report it sent (null: none yet). */
export function reportIsNews(last: SiteHealthReport | null, next: SiteHealthReport): boolean {
  if (!last) return true;
  return (
    last.level !== next.level ||
    last.adapted !== next.adapted ||
    last.automatic !== next.automatic ||
    last.protocol !== next.protocol ||
    bitrateMoved(last.inKbps, next.inKbps) ||
    bitrateMoved(last.outKbps, next.outKbps) ||
    crossedEdge(last.lossPercent, next.lossPercent, healthChangeRules.lossBucketsPercent) ||
    crossedEdge(last.rttMs ?? -1, next.rttMs ?? -1, healthChangeRules.rttBucketsMs) ||
    (last.rttMs === null) !== (next.rttMs === null)
  );
}

/**
 * What a site's last session found its downlink could carry, kept in its browser (localStorage)
 * so the next join starts gently: the adaptation's level at the end and the kbit/s received there.
 */
export const siteLinkMemorySchema = z.object({
  level: receiveLevelSchema,
  kbps: z.number().min(0).max(1_000_000),
  /** epoch ms */
  at: z.number().int().min(0),
});
export type SiteLinkMemory = z.infer<typeof siteLinkMemorySchema>;
