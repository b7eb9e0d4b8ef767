import { maxCsvImportBytes, type endpoints } from '@lienthong/contracts';
import express from 'express';
import { covers } from '../../auth/scope.js';
import type { Database } from '../../db/database.js';
import { CsvReader } from '../../imports/csv-reader.js';
import type { ImportPlan } from '../../imports/csv-rows.js';
import { planSiteImport } from '../../imports/import-sites.js';
import { planUnitImport } from '../../imports/import-units.js';
import type { Logger } from '../../logger.js';
import type { Call, Mount } from '../endpoint.js';

// A larger body is refused TOO_LARGE, naming the limit, before any of it is parsed.
const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: maxCsvImportBytes });

/**
 * CSV imports: the file is read in a worker thread (CsvReader), every row is checked, then all are
 * inserted in one transaction, or none.
 */
export function mountImportRoutes(mount: Mount, { db, logger }: { db: Database; logger: Logger }) {
  const csv = new CsvReader(logger.child({ module: 'imports' }));
  const inScope = (call: ImportCall) => (path: string) => covers(call.actor, path);
  mount('imports.units', async (call) => run(call, await planUnitImport(db.prisma, await csv.read(call.csv, 'units'), inScope(call))), csvBody);
  mount('imports.sites', async (call) => run(call, await planSiteImport(db.prisma, await csv.read(call.csv, 'sites'), inScope(call))), csvBody);
}

type ImportCall = Call<(typeof endpoints)['imports.units' | 'imports.sites']>;

async function run(call: ImportCall, plan: ImportPlan) {
  const first = plan.outOfScope[0];
  if (first) return call.deny(`Line ${first.line}: ${first.path} is outside your unit subtree; nothing was imported`, null, first.path);
  const created = await call.change(async (tx) => {
    const count = await plan.insert(tx);
    return { result: count, resourceId: null, unitPath: call.actor.unitPath, details: { rows: plan.rows } };
  });
  return { created };
}
