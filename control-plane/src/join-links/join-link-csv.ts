// The print/export path: every join link in scope as CSV, written page by page as the socket
// drains, so 15,345 rows never sit in memory as one answer.
import type { Response } from 'express';
import { once } from 'node:events';
import type { Prisma } from '../generated/prisma/client.js';
import { linkPage, type LinkConference, type LinkScope } from './link-sites.js';

const pageSize = 1000;
const header = ['site_code', 'site_name', 'unit', 'join_link', 'code', 'expires_at'];

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab/CR before one): such a cell gets a
 * leading apostrophe (OWASP's advice), then the usual CSV quoting.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const line = (cells: string[]) => cells.map(csvCell).join(',') + '\r\n';

/** Streams the CSV to `res`; returns the number of rows written. */
export async function streamLinksCsv(
  prisma: Prisma.TransactionClient,
  res: Response,
  conference: LinkConference,
  scope: LinkScope,
  publicUrl: string,
  fileName: string,
): Promise<number> {
  // The first page is read before any byte is sent, so a failure there is still a clean error answer.
  let page = await linkPage(prisma, conference, scope, { limit: pageSize, offset: 0 }, publicUrl);
  res.status(200).type('text/csv; charset=utf-8').attachment(fileName);
  // A UTF-8 BOM, so Excel opens Vietnamese names correctly.
  await write(res, '\uFEFF' + line(header));
  let rows = 0;
  for (;;) {
    await write(res, page.items.map((l) => line([l.siteCode, l.siteName, l.unitName, l.url, l.code, l.expiresAt])).join(''));
    rows += page.items.length;
    if (page.items.length < pageSize || rows >= page.total) break;
    page = await linkPage(prisma, conference, scope, { limit: pageSize, offset: rows }, publicUrl);
  }
  res.end();
  return rows;
}

async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new Error('the client went away');
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}
