import type { LinkProfile, SiteLinkMemory } from '@lienthong/contracts';
import type { ReceiveLevel } from './receive-level';

/** What the last session on this PC found its downlink could carry (kept in link-memory.ts). */
export type LastLink = SiteLinkMemory;

export interface GentleStart {
  level: ReceiveLevel;
  /** The node's starting bandwidth estimate for this site's receive transport, kbit/s (null: the node's default). */
  startKbps: number | null;
}

/** A measure older than this says little about today's link. */
export const LAST_LINK_MAX_AGE_MS = 30 * 24 * 3600_000;

/** Links that cannot carry the full picture at the start: they open on the small layer. */
const weakProfiles: ReadonlySet<LinkProfile> = new Set(['weak', 'cellular_3g', 'satellite']);
const WEAK_START_KBPS = 300;

/**
 * Where a join starts, so it never opens with a burst into a link that cannot take it: the
 * node's estimate starts at 1 Mbit/s and the full layer at ~900 kbit/s, which on a 256 kbit/s
 * link dropped 35-90 % of packets for seconds, audio included. A site known to be weak (its link
 * profile, or what its last session ended on) starts on the small or tiny layer with an estimate
 * near what it last received; the adaptation then climbs by probing if the link allows.
 */
export function gentleStart(profile: LinkProfile | null, last: LastLink | null, now: number): GentleStart {
  const recent = last && now - last.at <= LAST_LINK_MAX_AGE_MS ? last : null;
  if (recent && recent.level !== 'full') {
    return { level: recent.level, startKbps: Math.max(100, Math.round(recent.kbps * 1.2)) };
  }
  if (profile && weakProfiles.has(profile) && !recent) return { level: 'low', startKbps: WEAK_START_KBPS };
  return { level: 'full', startKbps: null };
}
