// Reads a CSV upload into validated rows, each with its line number. Every problem in the file
// is reported at once, as issues whose path is [line, column], so a spreadsheet is fixed in one go.
import { LienthongError, type WireIssue } from '@lienthong/contracts';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';

export interface CsvRow<T> {
  line: number;
  row: T;
}

/** Codes already stored or claimed by an earlier line: a row claiming one again is an issue. */
export class CodeClaims {
  private readonly claimed: Set<string>;
  constructor(
    private readonly kind: 'unit' | 'site',
    private readonly stored: Set<string>,
  ) {
    this.claimed = new Set(stored);
  }
  claim(issues: RowIssues, line: number, code: string): boolean {
    if (!this.claimed.has(code)) return this.claimed.add(code), true;
    issues.add(line, 'code', this.stored.has(code) ? `${this.kind} ${code} already exists` : `code ${code} appears twice in the file`);
    return false;
  }
}

/** A checked import: rows naming units outside the importer's scope, and the one insert to run. */
export interface ImportPlan {
  /** Rows in the file. */
  rows: number;
  outOfScope: { line: number; path: string }[];
  insert(tx: Prisma.TransactionClient): Promise<number>;
}

/** Collects row problems; `throwIfAny` ends the import with all of them. */
export class RowIssues {
  readonly issues: WireIssue[] = [];
  add(line: number, column: string, message: string): void {
    this.issues.push({ path: [line, column], message });
  }
  throwIfAny(rowCount: number): void {
    if (this.issues.length === 0) return;
    this.issues.sort((a, b) => Number(a.path[0]) - Number(b.path[0]));
    const lines = new Set(this.issues.map((i) => i.path[0])).size;
    const first = this.issues[0]!;
    throw new LienthongError(
      'BAD_REQUEST',
      `${lines} of ${rowCount} rows are invalid, nothing was imported (line ${first.path[0]}, ${first.path[1]}: ${first.message})`,
      this.issues.slice(0, 1000),
    );
  }
}

/** A parsed file: the rows that passed their schema, and the problems of the others. */
export interface CsvFile<T> {
  rows: CsvRow<T>[];
  issues: RowIssues;
  /** Rows in the file, good and bad. */
  total: number;
}

/** Parses and checks each row; the caller adds its own checks to `issues` and then throws. */
export function readCsv<S extends z.ZodObject>(text: string, schema: S): CsvFile<z.output<S>> {
  if (!text.trim()) throw new LienthongError('BAD_REQUEST', 'Send the CSV as the body, with Content-Type: text/csv');
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new LienthongError('BAD_REQUEST', `The CSV is malformed: ${e.message}`, [{ path: [e.lines ?? 0, ''], message: e.message ?? 'malformed' }]);
  }
  checkHeader(text, schema);

  const issues = new RowIssues();
  const rows: CsvRow<z.output<S>>[] = [];
  for (const { record, info } of records) {
    const result = schema.safeParse(record);
    if (result.success) rows.push({ line: info.lines, row: result.data });
    else for (const i of result.error.issues) issues.add(info.lines, String(i.path[0] ?? ''), i.message);
  }
  if (records.length === 0) throw new LienthongError('BAD_REQUEST', 'The CSV has a header but no rows');
  return { rows, issues, total: records.length };
}

function checkHeader(text: string, schema: z.ZodObject): void {
  const [header = []] = parse(text, { to_line: 1, bom: true, trim: true }) as string[][];
  const known = Object.keys(schema.shape);
  const required = known.filter((k) => !schema.shape[k]!.safeParse(undefined).success);
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
