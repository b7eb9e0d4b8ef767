import type { Database } from '../../db/database.js';
import { createUnit, listTiers, listUnits, renameUnit, requireUnit } from '../../domain/units.js';
import type { Mount } from '../endpoint.js';

export function mountUnitRoutes(mount: Mount, { db }: { db: Database }) {
  mount('tiers.list', async () => ({ items: await listTiers(db.prisma) }));

  mount('units.list', async (call) => listUnits(db.prisma, await call.listRoot(call.query.under), call.query));

  mount('units.get', async (call) => {
    const unit = await requireUnit(db.prisma, call.params.id);
    await call.requireScope(unit.path, unit.id);
    return unit;
  });

  mount('units.create', async (call) => {
    const parent = await requireUnit(db.prisma, call.body.parentId, 'parent unit');
    await call.requireScope(parent.path, parent.id);
    return call.change(async (tx) => {
      const unit = await createUnit(tx, call.body, parent);
      return { result: unit, resourceId: unit.id, unitPath: unit.path, details: { code: unit.code } };
    });
  });

  mount('units.update', async (call) => {
    const unit = await requireUnit(db.prisma, call.params.id);
    await call.requireScope(unit.path, unit.id);
    return call.change(async (tx) => {
      const renamed = await renameUnit(tx, unit.id, call.body.name);
      return { result: renamed, resourceId: unit.id, unitPath: unit.path, details: { from: unit.name, to: renamed.name } };
    });
  });
}
