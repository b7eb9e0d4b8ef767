import type { ConferenceSite } from '@lienthong/contracts';

const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The site list with join links as CSV (BOM first: Excel then reads Vietnamese names right). */
export function siteListCsv(sites: readonly ConferenceSite[], headers: [string, string, string, string]): string {
  const lines = [headers, ...sites.map((s) => [s.code, s.name, s.unit.name, s.joinUrl])].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
