import { describe, expect, it } from 'vitest';
import { rollupCode, siteAttendanceTable, siteFigures, unitAttendanceTable, type SiteAttendance } from '../../src/domain/attendance-table.js';

const t0 = Date.UTC(2030, 0, 1, 1, 0);
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const now = at(100);

const site = (code: string, path: string, intervals: [number, number | null][], delegates: number | null = null): SiteAttendance => ({
  siteCode: code,
  siteName: `Điểm cầu ${code}`,
  unit: { code: path.slice(1, -1).split('/').at(-1)!, name: `Đơn vị ${code}`, path },
  intervals: intervals.map(([a, b]) => ({ joinedAt: at(a), leftAt: b === null ? null : at(b) })),
  delegates,
});

describe('attendance tables (pure)', () => {
  it.each([
    ['/TW/HN/HN-BD/', undefined, 'HN-BD'],
    ['/TW/HN/HN-BD/', 0, 'TW'],
    ['/TW/HN/HN-BD/', 1, 'HN'],
    ['/TW/HN/HN-BD/', 5, 'HN-BD'],
    ['/TW/', 1, 'TW'],
  ] as const)('rollupCode(%s, %s) = %s', (path, tier, code) => expect(rollupCode(path, tier)).toBe(code));

  it.each([
    { intervals: [], figures: { firstJoinedAt: null, lastLeftAt: null, presentNow: false, seconds: 0 } },
    { intervals: [[10, 40], [30, 55]], figures: { firstJoinedAt: at(10), lastLeftAt: at(55), presentNow: false, seconds: 45 * 60 } },
    { intervals: [[10, 20], [70, null]], figures: { firstJoinedAt: at(10), lastLeftAt: null, presentNow: true, seconds: 40 * 60 } },
    { intervals: [[50, 60], [10, 20]], figures: { firstJoinedAt: at(10), lastLeftAt: at(60), presentNow: false, seconds: 20 * 60 } },
  ] as { intervals: [number, number | null][]; figures: object }[])('siteFigures of $intervals', ({ intervals, figures }) => {
    expect(siteFigures(site('S', '/TW/', intervals).intervals, now)).toEqual(figures);
  });

  it("writes connected spans on the deployment's clock with their minutes, an open one as still connected", () => {
    const [vi] = siteAttendanceTable([site('A', '/TW/', [[10, 40], [70, null]])], { title: 'x', fileName: 'x', language: 'vi', now }).rows;
    expect(vi!.intervals).toBe('08:10–08:40 (30 phút); 09:10–đang kết nối (30 phút)');
    const [en] = siteAttendanceTable([site('A', '/TW/', [[10, 40]])], { title: 'x', fileName: 'x', language: 'en', now, timeZone: 'UTC' }).rows;
    expect(en!.intervals).toBe('01:10–01:40 (30 min)');
  });

  it('rounds minutes to one decimal and keeps unit-tree order in the rows', () => {
    const report = siteAttendanceTable([site('A', '/TW/', [[0, 0.25]]), site('B', '/TW/HN/', [[0, 10]], 30)], { title: 'x', fileName: 'x', language: 'en', now });
    expect(report.rows.map((r) => [r.siteCode, r.minutesPresent, r.connections, r.delegates])).toEqual([
      ['A', 0.3, 1, null],
      ['B', 10, 1, 30],
    ]);
  });

  it('adds sites up per unit at a tier: invited, attended, connected now, minutes, delegates', () => {
    const sites = [
      site('A', '/TW/HN/', [[0, 30]], 100),
      site('B', '/TW/HN/HN-BD/', [[90, null]], 20),
      site('C', '/TW/HN/HN-HK/', []),
      site('D', '/TW/DN/', [[0, 60]], 5),
    ];
    const units = new Map([['HN', { code: 'HN', name: 'Hà Nội', tierName: 'Tỉnh' }]]);
    const report = unitAttendanceTable(sites, units, { title: 'x', fileName: 'x', language: 'vi', now, tier: 1 });
    expect(report.rows).toEqual([
      { unitCode: 'HN', unitName: 'Hà Nội', tierName: 'Tỉnh', sitesInvited: 3, sitesAttended: 2, sitesPresentNow: 1, minutesPresent: 40, delegates: 120 },
      // A unit the lookup does not name keeps its code.
      { unitCode: 'DN', unitName: 'DN', tierName: '', sitesInvited: 1, sitesAttended: 1, sitesPresentNow: 0, minutesPresent: 60, delegates: 5 },
    ]);
  });
});
