// Attendance as tables (pure: no I/O, `now` given): one row per site, or totals per unit. The
// arithmetic of intervals is attendance.ts's; this only shapes what an operator exports.
import type { attendanceSiteColumns, attendanceUnitColumns, ReportColumn, ReportLanguage, TableReport } from '@lienthong/contracts';
import { connectedSeconds } from './attendance.js';
import { DEFAULT_TIME_ZONE, formatClock } from '@lienthong/contracts';

export interface SiteAttendance {
  siteCode: string;
  siteName: string;
  unit: { code: string; name: string; path: string };
  intervals: { joinedAt: Date; leftAt: Date | null }[];
  delegates: number | null;
}

type SiteKey = (typeof attendanceSiteColumns)[number];
type UnitKey = (typeof attendanceUnitColumns)[number];

const siteHeaders: Record<ReportLanguage, Record<SiteKey, string>> = {
  vi: {
    unitCode: 'Mã đơn vị',
    unitName: 'Đơn vị',
    siteCode: 'Mã điểm cầu',
    siteName: 'Điểm cầu',
    firstJoinedAt: 'Vào lúc',
    lastLeftAt: 'Rời lúc',
    connections: 'Số lần kết nối',
    intervals: 'Các khoảng kết nối',
    minutesPresent: 'Số phút có mặt',
    presentNow: 'Đang kết nối',
    delegates: 'Số đại biểu',
  },
  en: {
    unitCode: 'Unit code',
    unitName: 'Unit',
    siteCode: 'Site code',
    siteName: 'Site',
    firstJoinedAt: 'Joined at',
    lastLeftAt: 'Left at',
    connections: 'Connections',
    intervals: 'Connected intervals',
    minutesPresent: 'Minutes present',
    presentNow: 'Connected now',
    delegates: 'Delegates',
  },
};

const unitHeaders: Record<ReportLanguage, Record<UnitKey, string>> = {
  vi: {
    unitCode: 'Mã đơn vị',
    unitName: 'Đơn vị',
    tierName: 'Cấp',
    sitesInvited: 'Số điểm cầu được mời',
    sitesAttended: 'Số điểm cầu tham dự',
    sitesPresentNow: 'Đang kết nối',
    minutesPresent: 'Tổng số phút có mặt',
    delegates: 'Tổng số đại biểu',
  },
  en: {
    unitCode: 'Unit code',
    unitName: 'Unit',
    tierName: 'Tier',
    sitesInvited: 'Sites invited',
    sitesAttended: 'Sites attended',
    sitesPresentNow: 'Connected now',
    minutesPresent: 'Total minutes present',
    delegates: 'Total delegates',
  },
};

const siteTypes: Partial<Record<SiteKey, ReportColumn['type']>> = {
  firstJoinedAt: 'datetime',
  lastLeftAt: 'datetime',
  connections: 'number',
  minutesPresent: 'number',
  presentNow: 'boolean',
  delegates: 'number',
};
const unitTypes: Partial<Record<UnitKey, ReportColumn['type']>> = {
  sitesInvited: 'number',
  sitesAttended: 'number',
  sitesPresentNow: 'number',
  minutesPresent: 'number',
  delegates: 'number',
};

const columnsOf = <K extends string>(headers: Record<K, string>, types: Partial<Record<K, ReportColumn['type']>>): ReportColumn[] =>
  (Object.keys(headers) as K[]).map((key) => ({ key, header: headers[key], type: types[key] ?? 'string' }));

/** Minutes with one decimal: what a person reads, and exact enough to add up. */
const minutes = (seconds: number) => Math.round(seconds / 6) / 10;

export interface SiteFigures {
  firstJoinedAt: Date | null;
  /** null while still connected or never connected. */
  lastLeftAt: Date | null;
  presentNow: boolean;
  seconds: number;
}

export function siteFigures(intervals: SiteAttendance['intervals'], now: Date): SiteFigures {
  const joins = intervals.map((i) => i.joinedAt.getTime());
  const presentNow = intervals.some((i) => i.leftAt === null);
  const lefts = intervals.flatMap((i) => (i.leftAt ? [i.leftAt.getTime()] : []));
  return {
    firstJoinedAt: joins.length ? new Date(Math.min(...joins)) : null,
    lastLeftAt: presentNow || !lefts.length ? null : new Date(Math.max(...lefts)),
    presentNow,
    seconds: connectedSeconds(intervals, now),
  };
}

const stillConnected: Record<ReportLanguage, string> = { vi: 'đang kết nối', en: 'connected' };
const minuteUnit: Record<ReportLanguage, string> = { vi: 'phút', en: 'min' };

/** "08:10–08:40 (30 phút)": a connected span on the deployment's clock, its length in minutes. */
function intervalText(i: SiteAttendance['intervals'][number], language: ReportLanguage, timeZone: string, now: Date): string {
  const length = minutes(((i.leftAt ?? now).getTime() - i.joinedAt.getTime()) / 1000);
  const end = i.leftAt ? formatClock(i.leftAt, timeZone) : stillConnected[language];
  return `${formatClock(i.joinedAt, timeZone)}–${end} (${length} ${minuteUnit[language]})`;
}

export function siteAttendanceTable(
  sites: SiteAttendance[],
  o: { title: string; fileName: string; language: ReportLanguage; now: Date; timeZone?: string },
): TableReport {
  return {
    title: o.title,
    fileName: o.fileName,
    language: o.language,
    columns: columnsOf(siteHeaders[o.language], siteTypes),
    rows: sites.map((s) => {
      const f = siteFigures(s.intervals, o.now);
      return {
        unitCode: s.unit.code,
        unitName: s.unit.name,
        siteCode: s.siteCode,
        siteName: s.siteName,
        firstJoinedAt: f.firstJoinedAt?.toISOString() ?? null,
        lastLeftAt: f.lastLeftAt?.toISOString() ?? null,
        connections: s.intervals.length,
        intervals: s.intervals.map((i) => intervalText(i, o.language, o.timeZone ?? DEFAULT_TIME_ZONE, o.now)).join('; '),
        minutesPresent: minutes(f.seconds),
        presentNow: f.presentNow,
        delegates: s.delegates,
      } satisfies Record<SiteKey, unknown>;
    }),
  };
}

export interface UnitInfo {
  code: string;
  name: string;
  tierName: string;
}

/**
 * Totals per unit: each site counts for its ancestor at `tier` (its own unit when `tier` is unset
 * or deeper than the site's unit). `units` names every code the rollup can reach.
 */
export function unitAttendanceTable(
  sites: SiteAttendance[],
  units: ReadonlyMap<string, UnitInfo>,
  o: { title: string; fileName: string; language: ReportLanguage; now: Date; tier?: number },
): TableReport {
  const totals = new Map<string, Record<UnitKey, string | number>>();
  for (const s of sites) {
    const code = rollupCode(s.unit.path, o.tier);
    const unit = units.get(code) ?? { code, name: code, tierName: '' };
    const row = totals.get(code) ?? {
      unitCode: unit.code,
      unitName: unit.name,
      tierName: unit.tierName,
      sitesInvited: 0,
      sitesAttended: 0,
      sitesPresentNow: 0,
      minutesPresent: 0,
      delegates: 0,
    };
    const f = siteFigures(s.intervals, o.now);
    row.sitesInvited = Number(row.sitesInvited) + 1;
    row.sitesAttended = Number(row.sitesAttended) + (s.intervals.length ? 1 : 0);
    row.sitesPresentNow = Number(row.sitesPresentNow) + (f.presentNow ? 1 : 0);
    row.minutesPresent = Number(row.minutesPresent) + f.seconds;
    row.delegates = Number(row.delegates) + (s.delegates ?? 0);
    totals.set(code, row);
  }
  return {
    title: o.title,
    fileName: o.fileName,
    columns: columnsOf(unitHeaders[o.language], unitTypes),
    rows: [...totals.values()].map((r) => ({ ...r, minutesPresent: minutes(Number(r.minutesPresent)) })),
  };
}

/** The code of the unit at `tier` on the path "/TW/HN/HN-BD/" (tier 0 is the root). */
export function rollupCode(path: string, tier?: number): string {
  const codes = path.slice(1, -1).split('/');
  return codes[Math.min(tier ?? codes.length - 1, codes.length - 1)]!;
}
