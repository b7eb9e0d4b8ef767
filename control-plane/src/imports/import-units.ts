// Units from a spreadsheet. A parent is a stored unit or one on an earlier line of the file; ids
// and paths are computed here so the whole file goes in with one insert.
import type { UnitCsvRow } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import { insertRows } from '../db/bulk-insert.js';
import { inBatches } from '../db/in-batches.js';
import { CodeClaims, type CsvFile, type ImportPlan } from './csv-rows.js';

interface Placed {
  id: string;
  path: string;
  tierLevel: number;
}

/** Checks every row (reading only); `inScope` says whether a stored parent may receive children. */
export async function planUnitImport(
  tx: Prisma.TransactionClient,
  { rows, issues, total }: CsvFile<UnitCsvRow>,
  inScope: (path: string) => boolean,
): Promise<ImportPlan> {
  const named = [...new Set(rows.flatMap(({ row }) => [row.code, row.parent_code]))];
  const stored = await inBatches(named, (codes) => tx.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, path: true, tierLevel: true } }));
  const tiers = await tx.tier.findMany({ select: { level: true } });
  const known = new Map<string, Placed>(stored.map((u) => [u.code, u]));
  const storedCodes = new Set(stored.map((u) => u.code));
  const codes = new CodeClaims('unit', storedCodes);
  const tierLevels = new Set(tiers.map((t) => t.level));
  const outOfScope: { line: number; path: string }[] = [];
  const now = new Date().toISOString();
  const data: Parameters<typeof insertRows>[2] = [];

  for (const { line, row } of rows) {
    if (!codes.claim(issues, line, row.code)) continue;
    const parent = known.get(row.parent_code);
    if (!parent) {
      issues.add(line, 'parent_code', `no unit ${row.parent_code} stored or on an earlier line`);
      continue;
    }
    if (storedCodes.has(row.parent_code) && !inScope(parent.path)) outOfScope.push({ line, path: parent.path });
    const tierLevel = parent.tierLevel + 1;
    if (!tierLevels.has(tierLevel)) {
      issues.add(line, 'parent_code', `${row.parent_code} is on the lowest tier: no tier ${tierLevel} below it`);
      continue;
    }
    const unit = { id: randomUUID(), path: `${parent.path}${row.code}/`, tierLevel };
    known.set(row.code, unit);
    data.push({ id: unit.id, code: row.code, name: row.name, tier_level: tierLevel, parent_id: parent.id, path: unit.path, updated_at: now });
  }
  issues.throwIfAny(total);
  return { rows: total, outOfScope, insert: (writer) => insertRows(writer, 'units', data) };
}
