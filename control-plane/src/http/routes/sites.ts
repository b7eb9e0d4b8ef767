import type { Database } from '../../db/database.js';
import { createSite, listSites, requireSite, updateSite } from '../../domain/site-records.js';
import { requireUnit } from '../../domain/units.js';
import type { Mount } from '../endpoint.js';

export function mountSiteRoutes(mount: Mount, { db }: { db: Database }) {
  mount('sites.list', async (call) => listSites(db.prisma, await call.listRoot(call.query.under), call.query));

  mount('sites.get', async (call) => {
    const site = await requireSite(db.prisma, call.params.id);
    await call.requireScope(site.unitPath, site.id);
    return site;
  });

  mount('sites.create', async (call) => {
    const unit = await requireUnit(db.prisma, call.body.unitId);
    await call.requireScope(unit.path, null);
    return call.change(async (tx) => {
      const site = await createSite(tx, call.body);
      return { result: site, resourceId: site.id, unitPath: site.unitPath, details: { code: site.code } };
    });
  });

  mount('sites.update', async (call) => {
    const site = await requireSite(db.prisma, call.params.id);
    await call.requireScope(site.unitPath, site.id);
    // Moving a site: its new unit must be in scope too.
    if (call.body.unitId) await call.requireScope((await requireUnit(db.prisma, call.body.unitId)).path, site.id);
    return call.change(async (tx) => {
      const updated = await updateSite(tx, site.id, call.body);
      return { result: updated, resourceId: site.id, unitPath: updated.unitPath, details: { changed: Object.keys(call.body) } };
    });
  });
}
