// The conference lifecycle, once: its states, the events that move it, who raises each event, and
// the two questions every other module asks (may a site join? is it running?). Code asks these
// functions; it never retypes a set of statuses.
import { z } from 'zod';
import { conferenceStatusSchema, type ConferenceStatus } from './api.js';

/**
 * open: the scheduled start came; programFlows: the hall's program first reached the conference's
 * media; end: the scheduled end came, or an operator ended it early; cancel: an operator called it off.
 */
export const conferenceEventSchema = z.enum(['open', 'programFlows', 'end', 'cancel']);
export type ConferenceEvent = z.infer<typeof conferenceEventSchema>;

/** Who may raise an event: the job queue on the schedule, an operator, or the live media path. */
export type ConferenceMover = 'schedule' | 'operator' | 'media';

interface Transition {
  from: readonly ConferenceStatus[];
  to: ConferenceStatus;
  movers: readonly ConferenceMover[];
}

/**
 * The transition table. Only the schedule ends a conference that never opened (its end passed);
 * an operator ends a running one and cancels one that has not ended.
 */
export const conferenceTransitions: Readonly<Record<ConferenceEvent, Transition>> = {
  open: { from: ['scheduled'], to: 'open', movers: ['schedule'] },
  programFlows: { from: ['open'], to: 'live', movers: ['media'] },
  end: { from: ['scheduled', 'open', 'live'], to: 'ended', movers: ['schedule', 'operator'] },
  cancel: { from: ['scheduled', 'open', 'live'], to: 'cancelled', movers: ['operator'] },
};

/**
 * What each state lets happen: joinable: sites join, media flows; running: started and not over;
 * editable: its times, hall and participants may still change (nothing has started from them).
 */
const stateFacts: Readonly<Record<ConferenceStatus, { joinable: boolean; running: boolean; editable: boolean }>> = {
  scheduled: { joinable: false, running: false, editable: true },
  open: { joinable: true, running: true, editable: false },
  live: { joinable: true, running: true, editable: false },
  ended: { joinable: false, running: false, editable: false },
  cancelled: { joinable: false, running: false, editable: false },
};

const isStatus = (status: string): status is ConferenceStatus => Object.hasOwn(stateFacts, status);

/** The status `event` moves `from` to, or null when the event is not allowed there. */
export function nextConferenceStatus(from: ConferenceStatus, event: ConferenceEvent): ConferenceStatus | null {
  const { from: allowed, to } = conferenceTransitions[event];
  return allowed.includes(from) ? to : null;
}

export const canMoveConference = (from: ConferenceStatus, event: ConferenceEvent): boolean => nextConferenceStatus(from, event) !== null;

/** Every status `event` may move from: the filter of a database update applying it to many rows. */
export const statusesAllowing = (event: ConferenceEvent): ConferenceStatus[] => [...conferenceTransitions[event].from];

/** Sites may join (a status read from the wire or the database may be any string). */
export const isJoinable = (status: string): boolean => isStatus(status) && stateFacts[status].joinable;

/** Started and not over. */
export const isRunning = (status: string): boolean => isStatus(status) && stateFacts[status].running;

/** Its schedule, hall and participants may still change. */
export const isEditable = (status: string): boolean => isStatus(status) && stateFacts[status].editable;

/** Over for good: no event moves it any more. */
export const isFinished = (status: ConferenceStatus): boolean => conferenceEventSchema.options.every((e) => !canMoveConference(status, e));

/** The statuses of running conferences, for database filters. */
export const runningStatuses: readonly ConferenceStatus[] = conferenceStatusSchema.options.filter(isRunning);

/** The statuses of conferences whose schedule may still change, for database filters. */
export const editableStatuses: readonly ConferenceStatus[] = conferenceStatusSchema.options.filter(isEditable);

/** The statuses of conferences not over yet (they still hold their sites and times), for database filters. */
export const unfinishedStatuses: readonly ConferenceStatus[] = conferenceStatusSchema.options.filter((s) => !isFinished(s));
