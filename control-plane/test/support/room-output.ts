import type { SiteEventName } from '@lienthong/contracts';
import type { RoomOutput } from '../../src/live/conference-room.js';

/** A room output that drops everything (tests that do not look at what sites are told). */
export const silentOutput: RoomOutput = {
  toAll: () => {},
  toSession: () => {},
  toViewer: () => ({ started: () => {}, stopped: () => {}, lost: () => {} }),
  endAll: () => {},
  liveSessions: (sessionIds) => Promise.resolve(new Set(sessionIds)),
  connectedSessions: () => Promise.resolve(new Map()),
  endSessions: () => {},
};

export interface Sent {
  /** 'all' or a session id. */
  to: string;
  event: SiteEventName;
  payload: unknown;
}

/** A room output that keeps everything sent, in order; `connected`: the sessions held in the conference, with their sites. */
export function recordingOutput(): RoomOutput & { sent: Sent[]; connected: Map<string, string | null>; to(sessionId: string, event: SiteEventName): unknown[] } {
  const sent: Sent[] = [];
  const connected = new Map<string, string | null>();
  return {
    sent,
    toAll: (event, payload) => void sent.push({ to: 'all', event, payload }),
    toSession: (sessionId, event, payload) => void sent.push({ to: sessionId, event, payload }),
    toViewer: silentOutput.toViewer,
    endAll: (reason) => void sent.push({ to: 'all', event: 'sessionEnded', payload: { reason } }),
    liveSessions: silentOutput.liveSessions,
    connected,
    connectedSessions: () => Promise.resolve(new Map(connected)),
    endSessions: (sessionIds, reason) => sessionIds.forEach((id) => sent.push({ to: id, event: 'sessionEnded', payload: { reason } })),
    to: (sessionId, event) => sent.filter((s) => (s.to === sessionId || s.to === 'all') && s.event === event).map((s) => s.payload),
  };
}
