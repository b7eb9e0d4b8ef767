import { z } from 'zod';

/**
 * A site's link as its browser measures it, reported about once a second while it is in a
 * conference (message `reportHealth` on /site). Bounds are generous physical limits: anything
 * outside them is a broken or hostile client, refused at the boundary.
 */
export const receiveLevelSchema = z.enum(['full', 'low', 'audio']);
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
