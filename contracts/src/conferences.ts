import { z } from 'zod';
import { conferenceStatusSchema } from './api.js';
import { instantSchema, pageOf, pageQuerySchema, queryBoolean, uuidSchema } from './paging.js';

/** "Every site under unit X down to tier Y"; no tier means all the way down. */
export const participantRuleSchema = z.strictObject({
  unitId: uuidSchema,
  downToTier: z.number().int().min(0).max(20).nullable().default(null),
});
export type ParticipantRule = z.infer<typeof participantRuleSchema>;

/** Who takes part: explicit sites and/or rules, resolved into one site list when saved. */
export const participantsSchema = z.strictObject({
  sites: z.array(uuidSchema).max(20_000).default([]),
  rules: z.array(participantRuleSchema).max(1_000).default([]),
});
export type Participants = z.output<typeof participantsSchema>;

const title = z.string().trim().min(1).max(300);
const agenda = z.string().trim().max(20_000).nullable();
const endsAfterStart = (c: { scheduledStart?: string; scheduledEnd?: string }) =>
  !c.scheduledStart || !c.scheduledEnd || Date.parse(c.scheduledEnd) > Date.parse(c.scheduledStart);
const endsAfterStartIssue = { message: 'must be after scheduledStart', path: ['scheduledEnd'] };

export const createConferenceSchema = z
  .strictObject({
    title,
    hostUnitId: uuidSchema,
    /** The hall the program starts from; it takes part whether or not the rules reach it. */
    originSiteId: uuidSchema,
    scheduledStart: instantSchema,
    scheduledEnd: instantSchema,
    agenda: agenda.optional(),
    recordingEnabled: z.boolean().default(false),
    participants: participantsSchema,
  })
  .refine(endsAfterStart, endsAfterStartIssue);
export type CreateConference = z.output<typeof createConferenceSchema>;

export const updateConferenceSchema = z
  .strictObject({
    title,
    originSiteId: uuidSchema,
    scheduledStart: instantSchema,
    scheduledEnd: instantSchema,
    agenda,
    recordingEnabled: z.boolean(),
    participants: participantsSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field')
  .refine(endsAfterStart, endsAfterStartIssue);
export type UpdateConference = z.output<typeof updateConferenceSchema>;

/** A relay ("tiếp sóng") takes its parent's times; its host is a lower unit with its own hall. */
export const createRelaySchema = z.strictObject({
  title: title.optional(),
  hostUnitId: uuidSchema,
  originSiteId: uuidSchema,
  agenda: agenda.optional(),
  recordingEnabled: z.boolean().default(false),
  participants: participantsSchema,
});
export type CreateRelay = z.output<typeof createRelaySchema>;

export const conferenceRecordSchema = z.object({
  id: uuidSchema,
  title: z.string(),
  status: conferenceStatusSchema,
  hostUnitId: uuidSchema,
  hostUnitName: z.string(),
  /** The host's place in the tree: a console compares it with its own scope to know whether it may change the conference. */
  hostUnitPath: z.string(),
  originSiteId: uuidSchema,
  parentId: uuidSchema.nullable(),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  agenda: z.string().nullable(),
  recordingEnabled: z.boolean(),
  rules: z.array(z.object({ unitId: uuidSchema, downToTier: z.number().int().nullable() })),
  explicitSiteIds: z.array(uuidSchema),
  siteCount: z.number().int().min(0),
});
export type ConferenceRecord = z.infer<typeof conferenceRecordSchema>;

export const conferenceListQuerySchema = pageQuerySchema.extend({
  status: conferenceStatusSchema.optional(),
  /** Conferences hosted in this unit's subtree. */
  under: uuidSchema.optional(),
  parentId: uuidSchema.optional(),
  /** Conferences still running at or after this instant. */
  from: instantSchema.optional(),
  /** Conferences starting before this instant. */
  to: instantSchema.optional(),
});

/**
 * `details` of a SCHEDULE_CLASH: the conference already holding some of the sites, which of them
 * (the first few, with how many in all) and its state, so the page can name them and offer the
 * action that resolves the clash (end a running one, move or shrink this one).
 */
export const scheduleClashDetailsSchema = z.object({
  conferenceId: uuidSchema,
  title: z.string(),
  status: conferenceStatusSchema,
  scheduledStart: instantSchema,
  scheduledEnd: instantSchema,
  sites: z.array(z.object({ code: z.string(), name: z.string() })),
  siteCount: z.number().int().min(1),
});
export type ScheduleClashDetails = z.infer<typeof scheduleClashDetailsSchema>;

export const participantSchema = z.object({
  siteId: uuidSchema,
  code: z.string(),
  name: z.string(),
  unitId: uuidSchema,
  unitPath: z.string(),
  /** The site's unit's own name (with `unitPath`, the page names every level: codes mean nothing to a reader). */
  unitName: z.string(),
  explicit: z.boolean(),
});
export const participantListQuerySchema = pageQuerySchema.extend({
  explicit: queryBoolean().optional(),
  under: uuidSchema.optional(),
});
export const participantPageSchema = pageOf(participantSchema);

export const attendanceSchema = z.object({
  siteId: uuidSchema,
  intervals: z.array(z.object({ joinedAt: z.string(), leftAt: z.string().nullable() })),
  /** Seconds connected, intervals still open counted up to now. */
  connectedSeconds: z.number().min(0),
  delegates: z.number().int().min(0).nullable(),
});
export const attendancePageSchema = pageOf(attendanceSchema);

/** A site's own count of the delegates in its hall (the latest report counts). */
export const delegateReportSchema = z.strictObject({ delegates: z.number().int().min(0).max(100_000) });
export const delegateReportRecordSchema = z.object({
  conferenceId: uuidSchema,
  siteId: uuidSchema,
  delegates: z.number().int().min(0),
  reportedAt: z.string(),
});
