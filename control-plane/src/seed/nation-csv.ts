// A generated nation in the CSV import format (the root unit is not in it: it must exist).
import type { Nation } from './synthetic-nation.js';

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
const csv = (header: string, rows: (string | number)[][]) => [header, ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';

export function unitsCsv(n: Nation): string {
  const code = new Map(n.units.map((u) => [u.id, u.code]));
  return csv('code,name,parent_code', n.units.filter((u) => u.parentId).map((u) => [u.code, u.name, code.get(u.parentId!)!]));
}

export function sitesCsv(n: Nation): string {
  const code = new Map(n.units.map((u) => [u.id, u.code]));
  return csv(
    'code,name,unit_code,delegate_capacity,link_profile',
    n.sites.map((s) => [s.code, s.name, code.get(s.unitId)!, s.delegateCapacity, s.linkProfile]),
  );
}
