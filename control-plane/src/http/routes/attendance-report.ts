import type { ReportLanguage } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { loadSiteAttendance, unitInfoByCode } from '../../domain/attendance-report.js';
import { rollupCode, siteAttendanceTable, unitAttendanceTable } from '../../domain/attendance-table.js';
import type { Mount } from '../endpoint.js';
import { visibleConference } from './conference-access.js';

const titles: Record<ReportLanguage, { sites: string; units: string }> = {
  vi: { sites: 'Điểm danh điểm cầu', units: 'Tổng hợp theo đơn vị' },
  en: { sites: 'Site attendance', units: 'Attendance per unit' },
};

/** "attendance-2026-01-13-a1b2c3d4": the day the conference starts and its id's first block. */
const fileName = (c: { id: string; scheduledStart: Date }, suffix = '') =>
  `attendance${suffix}-${c.scheduledStart.toISOString().slice(0, 10)}-${c.id.slice(0, 8)}`;

/** Attendance reports: only the sites the actor's scope holds (a province sees its own in a national conference). */
export function mountAttendanceReportRoutes(mount: Mount, { db, timeZone }: { db: Database; timeZone?: string }) {
  mount('conferences.attendanceReport', async (call) => {
    const { conference, sees } = await visibleConference(db, call, call.params.id);
    const sites = await loadSiteAttendance(db.prisma, conference.id, sees);
    const language = call.query.lang;
    return siteAttendanceTable(sites, { title: titles[language].sites, fileName: fileName(conference), language, now: new Date(), timeZone });
  });

  mount('conferences.attendanceTotals', async (call) => {
    const { conference, sees } = await visibleConference(db, call, call.params.id);
    const sites = await loadSiteAttendance(db.prisma, conference.id, sees);
    const { lang: language, tier } = call.query;
    const units = await unitInfoByCode(db.prisma, sites.map((s) => rollupCode(s.unit.path, tier)));
    return unitAttendanceTable(sites, units, {
      title: titles[language].units,
      fileName: fileName(conference, '-units'),
      language,
      now: new Date(),
      tier,
    });
  });
}
