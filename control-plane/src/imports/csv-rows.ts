// What an import works with: rows read from a CSV upload (csv-parse.ts, in a worker thread), each
// with its line number, and their problems. Every problem in the file is reported at once, as
// issues whose path is [line, column], so a spreadsheet is fixed in one go.
import { LienthongError, type WireIssue } from '@lienthong/contracts';
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
  /** `issues`: those found already (by the parse, for rows that failed their schema). */
  constructor(readonly issues: WireIssue[] = []) {}
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
