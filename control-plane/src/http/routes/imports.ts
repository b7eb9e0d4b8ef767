import { siteCsvRowSchema, unitCsvRowSchema, type endpoints } from '@lienthong/contracts';
import express from 'express';
import { covers } from '../../auth/scope.js';
import type { Database } from '../../db/database.js';
import { readCsv } from '../../imports/csv-rows.js';
import { planSiteImport } from '../../imports/import-sites.js';
import { planUnitImport } from '../../imports/import-units.js';
import type { Call, Mount } from '../endpoint.js';

// A national hierarchy (~11,000 units) is well under a megabyte; leave room for long names.
const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' });

/** CSV imports: every row is checked first; then all are inserted in one transaction, or none. */
export function mountImportRoutes(mount: Mount, { db }: { db: Database }) {
  mount(
    'imports.units',
    async (call) => {
      const file = readCsv(call.csv, unitCsvRowSchema);
      return run(call, file.total, await planUnitImport(db.prisma, file, (path) => covers(call.actor, path)));
    },
    csvBody,
  );
  mount(
    'imports.sites',
    async (call) => {
      const file = readCsv(call.csv, siteCsvRowSchema);
      return run(call, file.total, await planSiteImport(db.prisma, file, (path) => covers(call.actor, path)));
    },
    csvBody,
  );
}

async function run(
  call: Call<(typeof endpoints)['imports.units' | 'imports.sites']>,
  rowCount: number,
  plan: Awaited<ReturnType<typeof planUnitImport>>,
) {
  const first = plan.outOfScope[0];
  if (first) return call.deny(`Line ${first.line}: ${first.path} is outside your unit subtree; nothing was imported`, null, first.path);
  const created = await call.change(async (tx) => {
    const count = await plan.insert(tx);
    return { result: count, resourceId: null, unitPath: call.actor.unitPath, details: { rows: rowCount } };
  });
  return { created };
}
