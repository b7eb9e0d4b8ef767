import { z } from 'zod';
import { idSchema } from './media.js';
import { uuidSchema } from './paging.js';

/**
 * The stage of a live conference: who holds the floor (their camera and microphone are in the
 * program for everyone), who asked to speak, which sites the operator muted, and the operator's
 * notices. Kept per site, not per connection, so a site that rejoins gets its hand and floor back.
 */
export const siteLabelSchema = z.object({
  siteId: idSchema,
  siteName: z.string(),
  unitName: z.string(),
});
export type SiteLabel = z.infer<typeof siteLabelSchema>;

export const stageSchema = z.object({
  floor: siteLabelSchema.extend({ since: z.iso.datetime() }).nullable(),
  /** The raise-hand queue, first asked first. */
  hands: z.array(siteLabelSchema.extend({ raisedAt: z.iso.datetime() })),
  muted: z.array(idSchema),
  /** The site whose shared screen is in the program now (the hall, or the floor holder), if any. */
  presentation: siteLabelSchema.nullable(),
});
export type Stage = z.infer<typeof stageSchema>;

/** One site's own view of the stage, pushed to it whenever it changes. */
export const siteStageStateSchema = z.object({
  handRaised: z.boolean(),
  onFloor: z.boolean(),
  muted: z.boolean(),
  /**
   * Whether the site's camera and microphone should be sent at all. Nobody watches a site that
   * is neither the hall nor on the floor, so it keeps its upstream paused to spare its link.
   */
  sending: z.boolean(),
  /**
   * An operator's console shows this site's picture as a thumbnail: its camera (never its
   * microphone) is sent even off the floor, at the lowest layer the console asks for.
   */
  previewed: z.boolean(),
});
export type SiteStageState = z.infer<typeof siteStageStateSchema>;

export const noticeTextSchema = z.string().trim().min(1, 'a notice needs text').max(1000);

/** A message from the operator, shown on the sites it was sent to. */
export const noticeSchema = z.object({
  id: idSchema,
  text: noticeTextSchema,
  sentAt: z.iso.datetime(),
  /** the sender's display name */
  from: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const giveFloorRequestSchema = z.strictObject({
  /** null takes the floor back: only the hall is in the program again */
  siteId: uuidSchema.nullable(),
});
export const muteSiteRequestSchema = z.strictObject({ muted: z.boolean() });
export const sendNoticeRequestSchema = z.strictObject({
  text: noticeTextSchema,
  /** omitted: every site of the conference */
  siteIds: z.array(uuidSchema).min(1).max(20_000).optional(),
});
export const noticeSentSchema = z.object({ notice: noticeSchema, recipients: z.number().int().min(0) });
