// Sites from a spreadsheet, each in a stored unit.
import type { SiteCsvRow } from '@lienthong/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import { randomUUID } from 'node:crypto';
import { insertRows } from '../db/bulk-insert.js';
import { inBatches } from '../db/in-batches.js';
import { CodeClaims, type CsvFile, type ImportPlan } from './csv-rows.js';

export async function planSiteImport(
  tx: Prisma.TransactionClient,
  { rows, issues, total }: CsvFile<SiteCsvRow>,
  inScope: (path: string) => boolean,
): Promise<ImportPlan> {
  const units = await inBatches([...new Set(rows.map((r) => r.row.unit_code))], (codes) =>
    tx.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, path: true } }),
  );
  const taken = await inBatches(rows.map((r) => r.row.code), (codes) => tx.site.findMany({ where: { code: { in: codes } }, select: { code: true } }));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const codes = new CodeClaims('site', new Set(taken.map((s) => s.code)));
  const outOfScope: { line: number; path: string }[] = [];
  const data: Parameters<typeof insertRows>[2] = [];
  const now = new Date().toISOString();

  for (const { line, row } of rows) {
    if (!codes.claim(issues, line, row.code)) continue;
    const unit = unitByCode.get(row.unit_code);
    if (!unit) {
      issues.add(line, 'unit_code', `no unit ${row.unit_code}`);
      continue;
    }
    if (!inScope(unit.path)) outOfScope.push({ line, path: unit.path });
    data.push({
      id: randomUUID(),
      code: row.code,
      name: row.name,
      unit_id: unit.id,
      address: row.address ?? null,
      delegate_capacity: row.delegate_capacity,
      link_profile: row.link_profile,
      contact: row.contact ?? null,
      updated_at: now,
    });
  }
  issues.throwIfAny(total);
  return { rows: total, outOfScope, insert: (writer) => insertRows(writer, 'sites', data) };
}
