import type { Database } from '../../db/database.js';
import { reportDelegates } from '../../domain/attendance.js';
import { requireSite } from '../../domain/site-records.js';
import type { Mount } from '../endpoint.js';

export function mountAttendanceRoutes(mount: Mount, { db }: { db: Database }) {
  mount('conferences.reportDelegates', async (call) => {
    const { id, siteId } = call.params;
    const site = await requireSite(db.prisma, siteId);
    await call.requireScope(site.unitPath, site.id);
    const own = call.actor.claims.site;
    if (call.actor.claims.role === 'site_operator' && own !== site.id) await call.deny('A site operator reports for its own site only', site.id, site.unitPath);
    return call.change(async (tx) => {
      const report = await reportDelegates(tx, id, site.id, call.body.delegates);
      return { result: report, resourceId: site.id, unitPath: site.unitPath, details: { conferenceId: id, delegates: report.delegates } };
    });
  });
}
