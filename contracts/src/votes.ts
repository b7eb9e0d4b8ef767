import { z } from 'zod';
import { idSchema } from './media.js';
import { uuidSchema } from './paging.js';
import { message } from './rpc.js';

/**
 * Votes by delegates ("biểu quyết"): the secretariat opens a vote; each site enters how many of
 * its delegates chose each option (never more in all than it reported present) and may correct
 * them until the vote closes. Tallies are per option, with subtotals per unit directly under the
 * host (the provinces of a national conference). Entries are stored per site, never per person.
 */
const count = z.number().int().min(0).max(10_000_000);

export const voteOptionSchema = z.string().trim().min(1, 'an option needs a label').max(200);
export const voteStatusSchema = z.enum(['open', 'closed']);
export type VoteStatus = z.infer<typeof voteStatusSchema>;

export const openVoteSchema = z.object({
  question: z.string().trim().min(1, 'a vote needs a question').max(1000),
  /** agree / disagree / abstain, or the secretariat's own (2-10, distinct) */
  options: z
    .array(voteOptionSchema)
    .min(2)
    .max(10)
    .refine((o) => new Set(o).size === o.length, 'options must differ'),
  /** secret ballot: the same counts per site, and the screens never show another site's entry */
  secret: z.boolean().default(false),
  /** how long entries are taken */
  durationSeconds: z.number().int().min(10).max(24 * 3600),
});
export type OpenVote = z.input<typeof openVoteSchema>;

export const voteSchema = z.object({
  id: idSchema,
  conferenceId: idSchema,
  question: z.string(),
  options: z.array(z.string()),
  secret: z.boolean(),
  status: voteStatusSchema,
  openedAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type Vote = z.infer<typeof voteSchema>;

/** One unit's subtotal: [unit code, unit name, sites voted, sites expected, counts per option]. */
export const voteGroupSchema = z.tuple([z.string(), z.string(), count, count, z.array(count)]);
export type VoteGroup = z.infer<typeof voteGroupSchema>;

export const voteTallySchema = z.object({
  /** per option, in the vote's order */
  totals: z.array(count),
  /** sites that entered counts */
  voted: count,
  /** sites taking part in the conference */
  expected: count,
  /** subtotals per unit under the host; empty in what sites receive (they show the totals) */
  groups: z.array(voteGroupSchema),
});
export type VoteTally = z.infer<typeof voteTallySchema>;

export const voteWithTallySchema = z.object({ vote: voteSchema, tally: voteTallySchema });
export type VoteWithTally = z.infer<typeof voteWithTallySchema>;

/** One site's line in a vote's result: counts null when it did not vote. */
export const voteSiteLineSchema = z.object({
  siteId: idSchema,
  siteName: z.string(),
  unitName: z.string(),
  counts: z.array(count).nullable(),
  enteredAt: z.iso.datetime().nullable(),
  /** entries after the first (corrections) */
  corrections: count,
});
export type VoteSiteLine = z.infer<typeof voteSiteLineSchema>;

export const voteResultSchema = voteWithTallySchema.extend({
  /** the sites that entered nothing (offline during the vote, or silent) */
  notVoted: z.array(voteSiteLineSchema.pick({ siteId: true, siteName: true, unitName: true })),
});
export type VoteResult = z.infer<typeof voteResultSchema>;

/** What a site sees of a vote: the vote, the totals, and what it entered itself. */
export const siteVoteSchema = voteWithTallySchema.extend({ mine: z.array(count).nullable() });
export type SiteVote = z.infer<typeof siteVoteSchema>;

export const enterVoteSchema = z.object({ voteId: uuidSchema, counts: z.array(count).min(2).max(10) });

export const voteSiteRequests = {
  /** The conference's votes (newest first) with this site's own entries. */
  votes: message(z.object({}), z.array(siteVoteSchema)),
  /** Enter or correct this site's counts while the vote is open. */
  enterVote: message(enterVoteSchema, z.object({ counts: z.array(count), corrected: z.boolean() })),
};

/** Pushed to sites and consoles about once a second while a vote moves, and when it opens or closes. */
export const voteEvents = {
  voteChanged: voteWithTallySchema,
};

const conference = z.object({ conferenceId: uuidSchema });
export const voteConsoleRequests = {
  /** Follow a conference's votes: answers them all (newest first), then `voteChanged` as they move. */
  watchVotes: message(conference, z.array(voteWithTallySchema)),
};

export const voteParamsSchema = z.strictObject({ id: uuidSchema });
