// Attendance: per site, the intervals it was connected and the delegates it reported.
import { LienthongError, type PageQuery } from '@lienthong/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';
import { page } from './page.js';

/** Seconds covered by the intervals, an open one counted up to `now`. Overlaps count once. */
export function connectedSeconds(intervals: { joinedAt: Date; leftAt: Date | null }[], now: Date): number {
  const spans = intervals
    .map((i) => [i.joinedAt.getTime(), (i.leftAt ?? now).getTime()] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total / 1000;
}

export function listAttendance(prisma: Prisma.TransactionClient, conferenceId: string, root: string, q: PageQuery) {
  const where: Prisma.ConferenceSiteWhereInput = { conferenceId, site: { unit: unitSubtreeWhere(root) } };
  const now = new Date();
  return page(
    q,
    () => prisma.conferenceSite.count({ where }),
    async (w) => {
      const rows = await prisma.conferenceSite.findMany({
        where,
        orderBy: [{ site: { unit: { path: 'asc' } } }, { site: { code: 'asc' } }],
        select: {
          site: {
            select: {
              id: true,
              attendance: { where: { conferenceId }, orderBy: { joinedAt: 'asc' }, select: { joinedAt: true, leftAt: true } },
              delegateReports: { where: { conferenceId }, select: { delegates: true } },
            },
          },
        },
        ...w,
      });
      return rows.map(({ site }) => ({
        siteId: site.id,
        intervals: site.attendance.map((i) => ({ joinedAt: i.joinedAt.toISOString(), leftAt: i.leftAt?.toISOString() ?? null })),
        connectedSeconds: connectedSeconds(site.attendance, now),
        delegates: site.delegateReports[0]?.delegates ?? null,
      }));
    },
  );
}

/** Records a site's delegate count; the site must take part in the conference. */
export async function reportDelegates(tx: Prisma.TransactionClient, conferenceId: string, siteId: string, delegates: number) {
  const invited = await tx.conferenceSite.findUnique({ where: { conferenceId_siteId: { conferenceId, siteId } } });
  if (!invited) throw new LienthongError('NOT_FOUND', `Site ${siteId} does not take part in conference ${conferenceId}`);
  const row = await tx.delegateReport.upsert({
    where: { conferenceId_siteId: { conferenceId, siteId } },
    create: { conferenceId, siteId, delegates },
    update: { delegates, reportedAt: new Date() },
  });
  return { ...row, reportedAt: row.reportedAt.toISOString() };
}

/** A site connected: opens an interval, closed by `closeInterval` when it goes. */
export async function openInterval(prisma: Prisma.TransactionClient, conferenceId: string, siteId: string): Promise<string> {
  const { id } = await prisma.attendanceInterval.create({ data: { conferenceId, siteId, joinedAt: new Date() }, select: { id: true } });
  return id;
}

export async function closeInterval(prisma: Prisma.TransactionClient, id: string): Promise<void> {
  await prisma.attendanceInterval.updateMany({ where: { id, leftAt: null }, data: { leftAt: new Date() } });
}
