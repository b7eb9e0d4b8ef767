// Who held the floor and when, from the floor's changes (pure). A change gives the floor to a
// site or takes it back to the hall; a holder's span ends at the next change or at the end.

import type { FloorChange } from './minutes-facts.js';

export interface FloorSpan {
  siteId: string;
  from: Date;
  to: Date;
}

/**
 * Spans in time order. Giving the floor to the hall itself is taking it back (the room treats it
 * so); giving it again to the site that holds it does not start a new span; changes after the
 * end are ignored.
 */
export function floorSpans(changes: readonly FloorChange[], o: { hallSiteId: string; endedAt: Date }): FloorSpan[] {
  const spans: FloorSpan[] = [];
  let open: { siteId: string; from: Date } | null = null;
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const change of sorted) {
    if (change.at.getTime() > o.endedAt.getTime()) break;
    const holder = change.siteId === o.hallSiteId ? null : change.siteId;
    if (open && holder === open.siteId) continue;
    if (open) spans.push({ ...open, to: change.at });
    open = holder ? { siteId: holder, from: change.at } : null;
  }
  if (open) spans.push({ ...open, to: o.endedAt });
  return spans;
}
