// Parses a CSV upload with csv-parse's stream API and checks each row against its schema. Runs in
// the import worker thread (csv-worker.ts), never on the control plane's event loop: a national
// file takes about half a second to parse and check, long enough to make media nodes look dead.
import { LienthongError, siteCsvRowSchema, unitCsvRowSchema, type WireIssue } from '@lienthong/contracts';
import { parse, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { CsvKind } from './csv-job.js';
import type { CsvRow } from './csv-rows.js';

/** Each import's row schema, by kind. */
export const csvRowSchemas = { units: unitCsvRowSchema, sites: siteCsvRowSchema } as const satisfies Record<CsvKind, z.ZodObject>;

/** A parse as it crosses back to the main thread (plain data: structured-clonable). */
export interface ParsedCsv<T> {
  rows: CsvRow<T>[];
  issues: WireIssue[];
  total: number;
}

/** Fed to the parser in slices: it never holds a second copy of the whole file. */
const sliceChars = 64 * 1024;

function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += sliceChars) yield text.slice(at, at + sliceChars);
}

/** Parses `text` and checks the header and every row; throws BAD_REQUEST for a file that is not a usable CSV. */
export async function parseCsv<S extends z.ZodObject>(text: string, schema: S): Promise<ParsedCsv<z.output<S>>> {
  if (!text.trim()) throw new LienthongError('BAD_REQUEST', 'Send the CSV as the body, with Content-Type: text/csv');
  // PostgreSQL cannot store U+0000, and no spreadsheet means one.
  if (text.includes('\u0000')) throw new LienthongError('BAD_REQUEST', 'The CSV contains a NUL character: save it as UTF-8 text');
  const parser = parse({
    columns: (header: string[]) => (checkHeader(header, schema), header),
    info: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  });
  const rows: CsvRow<z.output<S>>[] = [];
  const issues: WireIssue[] = [];
  let total = 0;
  try {
    for await (const { record, info } of Readable.from(slices(text)).pipe(parser) as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      total++;
      const result = schema.safeParse(record);
      if (result.success) rows.push({ line: info.lines, row: result.data });
      else for (const i of result.error.issues) issues.push({ path: [info.lines, String(i.path[0] ?? '')], message: i.message });
    }
  } catch (err) {
    if (err instanceof LienthongError) throw err;
    const e = err as Partial<CsvError> & { lines?: number };
    const message = e.message ?? 'malformed';
    throw new LienthongError('BAD_REQUEST', `The CSV is malformed: ${message}`, [{ path: [e.lines ?? 0, ''], message }]);
  }
  if (total === 0) throw new LienthongError('BAD_REQUEST', 'The CSV has a header but no rows');
  return { rows, issues, total };
}

function checkHeader(header: string[], schema: z.ZodObject): void {
  const shape: Record<string, z.ZodType> = schema.shape;
  const known = Object.keys(shape);
  const required = known.filter((k) => !shape[k]!.safeParse(undefined).success);
  const unknown = header.filter((h) => !known.includes(h));
  const missing = required.filter((k) => !header.includes(k));
  if (unknown.length || missing.length) {
    const issues = [
      ...unknown.map((c) => ({ path: [1, c], message: 'unknown column' })),
      ...missing.map((c) => ({ path: [1, c], message: 'missing column' })),
    ];
    throw new LienthongError('BAD_REQUEST', `Line 1: the header must have ${required.join(',')} (and may have ${known.filter((k) => !required.includes(k)).join(',')})`, issues);
  }
}
