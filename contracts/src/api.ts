import { z } from 'zod';
import { idSchema, mediaKindSchema } from './media.js';
import { producerOriginSchema, workerLoadSchema } from './node-control.js';

/** REST shapes of the control plane's /api. */
export const conferenceStatusSchema = z.enum(['scheduled', 'open', 'live', 'ended', 'cancelled']);
export type ConferenceStatus = z.infer<typeof conferenceStatusSchema>;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  /** Which control-plane replica answered (the id its room leases name). */
  replica: z.string(),
  nodes: z.number().int().min(0),
});

export const conferenceSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  status: conferenceStatusSchema,
  hostUnit: z.object({ id: idSchema, name: z.string() }),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  siteCount: z.number().int().min(0),
});
export type ConferenceSummary = z.infer<typeof conferenceSummarySchema>;

export const conferenceSiteSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  unit: z.object({ id: idSchema, name: z.string(), tier: z.number().int() }),
  isOrigin: z.boolean(),
  connected: z.boolean(),
  nodeId: z.string().nullable(),
  /** Delegates present, as the site reported when it joined (null when absent or not reported). */
  delegates: z.number().int().min(0).nullable(),
});
export type ConferenceSite = z.infer<typeof conferenceSiteSchema>;

export const conferenceDetailSchema = conferenceSummarySchema.extend({
  sites: z.array(conferenceSiteSchema),
});
export type ConferenceDetail = z.infer<typeof conferenceDetailSchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const mediaNodeSchema = z.object({
  nodeId: idSchema,
  announcedIp: z.string(),
  localityTags: z.array(z.string()),
  consumersPerWorker: z.number().int().positive(),
  workers: z.array(workerLoadSchema),
  connectedAt: z.string(),
  lastSeenAt: z.string(),
});
export type MediaNode = z.infer<typeof mediaNodeSchema>;

/** Where each present site is served and what feeds each of its consumers. */
export const mediaPathSchema = listOf(
  z.object({
    siteId: idSchema,
    nodeId: idSchema,
    consumers: z.array(
      z.object({ consumerId: idSchema, producerId: idSchema, kind: mediaKindSchema, producerOrigin: producerOriginSchema }),
    ),
  }),
);
export type MediaPath = z.infer<typeof mediaPathSchema>;
