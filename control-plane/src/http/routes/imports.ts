import { siteCsvRowSchema, unitCsvRowSchema, type endpoints } from '@lienthong/contracts';
import express from 'express';
import { covers } from '../../auth/scope.js';
import type { Database } from '../../db/database.js';
import { readCsv, type ImportPlan } from '../../imports/csv-rows.js';
import { planSiteImport } from '../../imports/import-sites.js';
import { planUnitImport } from '../../imports/import-units.js';
import type { Call, Mount } from '../endpoint.js';

// A national hierarchy (~11,000 units) is well under a megabyte; leave room for long names.
const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' });

/** CSV imports: every row is checked first; then all are inserted in one transaction, or none. */
export function mountImportRoutes(mount: Mount, { db }: { db: Database }) {
  const inScope = (call: ImportCall) => (path: string) => covers(call.actor, path);
  mount('imports.units', async (call) => run(call, await planUnitImport(db.prisma, readCsv(call.csv, unitCsvRowSchema), inScope(call))), csvBody);
  mount('imports.sites', async (call) => run(call, await planSiteImport(db.prisma, readCsv(call.csv, siteCsvRowSchema), inScope(call))), csvBody);
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
