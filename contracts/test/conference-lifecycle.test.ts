import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canMoveConference,
  conferenceEventSchema,
  conferenceStatusSchema,
  editableStatuses,
  isEditable,
  isFinished,
  isJoinable,
  isRunning,
  nextConferenceStatus,
  runningStatuses,
  statusesAllowing,
  unfinishedStatuses,
  type ConferenceEvent,
  type ConferenceStatus,
} from '../src/index.js';

const events = conferenceEventSchema.options;
const statuses = conferenceStatusSchema.options;

/** The table written out by hand: a change to the lifecycle must change this too. */
const expected: Record<ConferenceStatus, Partial<Record<ConferenceEvent, ConferenceStatus>>> = {
  scheduled: { open: 'open', end: 'ended', cancel: 'cancelled' },
  open: { programFlows: 'live', end: 'ended', cancel: 'cancelled' },
  live: { end: 'ended', cancel: 'cancelled' },
  ended: {},
  cancelled: {},
};

/** Applies the events a conference meets; an event its status does not allow changes nothing. */
const run = (sequence: ConferenceEvent[]) => {
  const visited: ConferenceStatus[] = ['scheduled'];
  for (const event of sequence) visited.push(nextConferenceStatus(visited.at(-1)!, event) ?? visited.at(-1)!);
  return visited;
};

describe('conference lifecycle', () => {
  it('moves exactly as the written-out table says', () => {
    for (const from of statuses) {
      for (const event of events) expect(nextConferenceStatus(from, event), `${from} --${event}-->`).toBe(expected[from][event] ?? null);
    }
  });

  it('answers joinable and running only for an open or live conference', () => {
    expect(statuses.filter(isJoinable)).toEqual(['open', 'live']);
    expect(statuses.filter(isRunning)).toEqual(['open', 'live']);
    expect(runningStatuses).toEqual(['open', 'live']);
    expect(isJoinable('paused')).toBe(false);
    expect(isRunning('toString')).toBe(false);
    expect(statuses.filter(isFinished)).toEqual(['ended', 'cancelled']);
    expect(unfinishedStatuses).toEqual(['scheduled', 'open', 'live']);
  });

  it('lets a schedule change only before anything started from it', () => {
    expect(editableStatuses).toEqual(['scheduled']);
    expect(statuses.filter(isEditable)).toEqual(statusesAllowing('open'));
    expect(isEditable('constructor')).toBe(false);
  });

  it('lists the statuses an event applies to, for database filters', () => {
    for (const event of events) expect(statusesAllowing(event)).toEqual(statuses.filter((s) => canMoveConference(s, event)));
  });

  it('no sequence of events reaches a forbidden state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 30 }), (sequence) => {
        const visited = run(sequence);
        visited.forEach((status, i) => {
          const before = visited.slice(0, i);
          // Never back to scheduled once it moved; live only after open; nothing after the end.
          if (status === 'scheduled') expect(before.every((s) => s === 'scheduled')).toBe(true);
          if (status === 'live') expect(before).toContain('open');
          const over = before.findIndex((s) => isFinished(s));
          if (over >= 0) expect(status).toBe(before[over]);
          // A conference that stopped running never runs again.
          if (isRunning(status)) expect(before.some((s) => isRunning(s) === false && s !== 'scheduled')).toBe(false);
        });
      }),
    );
  });

  it('every state is reachable from scheduled', () => {
    const reached = new Set<ConferenceStatus>(['scheduled']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...reached]) {
        for (const event of events) {
          const to = nextConferenceStatus(from, event);
          if (to && !reached.has(to)) grew = reached.add(to).has(to);
        }
      }
    }
    expect([...reached].sort()).toEqual([...statuses].sort());
  });
});
