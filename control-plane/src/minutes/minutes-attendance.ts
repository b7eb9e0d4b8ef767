// Attendance as the minutes give it (pure): totals, per tier (each site at its own unit's tier)
// and per unit directly under the host (the host's own sites under the host).
import { groupOf } from '../votes/vote-records.js';
import type { MinutesSite } from './minutes-facts.js';

export interface AttendanceLine {
  invited: number;
  attended: number;
  delegates: number;
}

export interface AttendanceSummary {
  total: AttendanceLine;
  /** by tier level, shallowest first */
  byTier: ({ level: number } & AttendanceLine)[];
  /** by unit code, in unit-tree order of their first site */
  byUnit: ({ code: string } & AttendanceLine)[];
}

/** Tier level of a unit from its path: "/TW/" is 0, "/TW/HN/" is 1. */
export const tierLevelOf = (path: string) => path.split('/').filter(Boolean).length - 1;

const empty = (): AttendanceLine => ({ invited: 0, attended: 0, delegates: 0 });

function add(line: AttendanceLine, site: MinutesSite): void {
  line.invited += 1;
  if (!site.attended) return;
  line.attended += 1;
  // A hall counts the delegates it reported; a site that never connected reported none.
  line.delegates += site.delegates ?? 0;
}

export function summariseAttendance(sites: readonly MinutesSite[], hostPath: string): AttendanceSummary {
  const total = empty();
  const tiers = new Map<number, AttendanceLine>();
  const units = new Map<string, AttendanceLine>();
  for (const site of sites) {
    add(total, site);
    const level = tierLevelOf(site.unit.path);
    add(tiers.get(level) ?? tiers.set(level, empty()).get(level)!, site);
    const code = groupOf(hostPath, site.unit.path);
    add(units.get(code) ?? units.set(code, empty()).get(code)!, site);
  }
  return {
    total,
    byTier: [...tiers].sort(([a], [b]) => a - b).map(([level, line]) => ({ level, ...line })),
    byUnit: [...units].map(([code, line]) => ({ code, ...line })),
  };
}
