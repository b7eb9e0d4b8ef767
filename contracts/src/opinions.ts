import { z } from 'zod';
import { idSchema } from './media.js';
import { uuidSchema } from './paging.js';
import { message } from './rpc.js';

/**
 * Written opinions ("ý kiến"): a site's operator types an opinion or a question of one of its
 * delegates (name and role: "đại biểu", "khách mời"…); it reaches the conference's secretariat,
 * who accepts, rejects (with a reason), merges it into another one, or forwards it to the chair's
 * screen in the hall, and marks it dealt with once the chair has taken it. The sending site sees
 * each of its opinions' status as it changes; the hall sees what is forwarded to the chair.
 */

/** The longest texts, in characters, as the console and the site's form count them. */
export const opinionLimits = { text: 2000, speakerName: 120, speakerRole: 80, reason: 300 } as const;

/** Text a person typed: trimmed, bounded, and without control characters other than line breaks and tabs. */
const typed = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what}: at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- the point: NUL and friends are refused (PostgreSQL cannot store NUL)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, `${what} contains a control character`);

export const opinionKindSchema = z.enum(['opinion', 'question']);
export type OpinionKind = z.infer<typeof opinionKindSchema>;

export const opinionStatusSchema = z.enum(['pending', 'accepted', 'rejected', 'merged', 'forwarded', 'done']);
export type OpinionStatus = z.infer<typeof opinionStatusSchema>;

export const opinionActionSchema = z.enum(['accept', 'reject', 'merge', 'forward', 'done']);
export type OpinionAction = z.infer<typeof opinionActionSchema>;

/**
 * The lifecycle, once: what each action does from each status. Merged, rejected and done are
 * final; a forwarded opinion stays on the chair's screen until it is marked done.
 */
export const opinionTransitions: Record<OpinionStatus, Partial<Record<OpinionAction, OpinionStatus>>> = {
  pending: { accept: 'accepted', reject: 'rejected', merge: 'merged', forward: 'forwarded' },
  accepted: { reject: 'rejected', merge: 'merged', forward: 'forwarded' },
  forwarded: { done: 'done' },
  rejected: {},
  merged: {},
  done: {},
};

/** The status an action leads to from `status`, or null when the lifecycle does not allow it. */
export const nextOpinionStatus = (status: OpinionStatus, action: OpinionAction): OpinionStatus | null => opinionTransitions[status][action] ?? null;

/** An opinion others can be merged into: one still alive (not rejected, merged or done). */
export const takesMerges = (status: OpinionStatus) => status === 'pending' || status === 'accepted' || status === 'forwarded';

export const sendOpinionSchema = z.object({
  /** The browser's own id for this opinion: sent again after a lost answer, it is stored once. */
  clientRef: uuidSchema,
  kind: opinionKindSchema,
  speakerName: typed("the speaker's name", opinionLimits.speakerName),
  /** "đại biểu", "khách mời", or the speaker's title */
  speakerRole: typed("the speaker's role", opinionLimits.speakerRole),
  text: typed('the text', opinionLimits.text),
});
export type SendOpinion = z.input<typeof sendOpinionSchema>;

/** One opinion as the secretariat sees it. */
export const opinionSchema = z.object({
  id: idSchema,
  conferenceId: idSchema,
  /** 1, 2, 3… in the order the conference received them */
  number: z.number().int().min(1),
  siteId: idSchema,
  siteName: z.string(),
  unitName: z.string(),
  kind: opinionKindSchema,
  speakerName: z.string(),
  speakerRole: z.string(),
  text: z.string(),
  status: opinionStatusSchema,
  /** why it was rejected */
  reason: z.string().nullable(),
  mergedIntoId: idSchema.nullable(),
  mergedIntoNumber: z.number().int().min(1).nullable(),
  sentAt: z.iso.datetime(),
  /** the last moderation */
  decidedAt: z.iso.datetime().nullable(),
});
export type Opinion = z.infer<typeof opinionSchema>;

/** One of its own opinions as the sending site sees it. */
export const siteOpinionSchema = opinionSchema.omit({ conferenceId: true, siteId: true, siteName: true, unitName: true, mergedIntoId: true });
export type SiteOpinion = z.infer<typeof siteOpinionSchema>;

/** An opinion on the chair's screen in the hall, with the sites whose opinions were merged into it. */
export const hallOpinionSchema = opinionSchema
  .pick({ id: true, number: true, kind: true, siteName: true, unitName: true, speakerName: true, speakerRole: true, text: true })
  .extend({ alsoFrom: z.array(z.object({ siteName: z.string(), speakerName: z.string() })) });
export type HallOpinion = z.infer<typeof hallOpinionSchema>;

export const opinionSiteRequests = {
  /**
   * This site's own opinions (oldest first) and, for the hall, those on the chair's screen; asking
   * also subscribes the socket to their news.
   */
  opinions: message(z.object({}), z.object({ mine: z.array(siteOpinionSchema), onScreen: z.array(hallOpinionSchema) })),
  /** Sends an opinion of one of the site's delegates to the secretariat. */
  sendOpinion: message(sendOpinionSchema, siteOpinionSchema),
};

export const opinionSiteEvents = {
  /** One of this site's opinions changed status. */
  opinionChanged: siteOpinionSchema,
  /** To the hall: everything now on the chair's screen, oldest first. */
  hallOpinions: z.array(hallOpinionSchema),
};

const conference = z.object({ conferenceId: uuidSchema });
export const opinionConsoleRequests = {
  /** The secretariat's queue: every opinion of the conference (oldest first), then `opinionsChanged` as they move. */
  watchOpinions: message(conference, z.array(opinionSchema)),
};

export const opinionConsoleEvents = {
  /** Opinions that arrived or changed (a merge may move several). */
  opinionsChanged: z.object({ conferenceId: idSchema, opinions: z.array(opinionSchema) }),
};

/** The secretariat's decision on one opinion. */
export const moderateOpinionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('reject'), reason: typed('the reason', opinionLimits.reason) }),
  /** merged into another opinion of the same conference, which answers for both */
  z.strictObject({ action: z.literal('merge'), into: uuidSchema }),
  z.strictObject({ action: z.literal('forward') }),
  z.strictObject({ action: z.literal('done') }),
]);
export type ModerateOpinion = z.input<typeof moderateOpinionSchema>;
