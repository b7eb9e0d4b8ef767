import type { SiteEventName } from '@lienthong/contracts';
import type { RoomOutput } from '../../src/live/conference-room.js';

/** A room output that drops everything (tests that do not look at what sites are told). */
export const silentOutput: RoomOutput = { toAll: () => {}, toSession: () => {} };

export interface Sent {
  to: 'all' | string;
  event: SiteEventName;
  payload: unknown;
}

/** A room output that keeps everything sent, in order. */
export function recordingOutput(): RoomOutput & { sent: Sent[]; to(sessionId: string, event: SiteEventName): unknown[] } {
  const sent: Sent[] = [];
  return {
    sent,
    toAll: (event, payload) => void sent.push({ to: 'all', event, payload }),
    toSession: (sessionId, event, payload) => void sent.push({ to: sessionId, event, payload }),
    to: (sessionId, event) => sent.filter((s) => (s.to === sessionId || s.to === 'all') && s.event === event).map((s) => s.payload),
  };
}
