// Reads CSV uploads off the event loop: each file is parsed and its rows checked in a worker thread
// of its own (csv-worker.ts), so a national import cannot stall heartbeats, health checks or live
// signaling (issue 14, finding 3). A thread rather than a BullMQ job: the operator waits for the
// answer (rows or every issue at once) in the same request, and the file never needs to travel
// through Redis. A thread per file, ended when it answers: imports are rare, and a file cannot
// leave state behind for the next one.
import { LienthongError, type SiteCsvRow, type UnitCsvRow, type WireIssue } from '@lienthong/contracts';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import { csvMessageSchema, type CsvJob, type CsvKind } from './csv-job.js';
import { RowIssues, type CsvFile, type CsvRow } from './csv-rows.js';

interface RowOf {
  units: UnitCsvRow;
  sites: SiteCsvRow;
}

export interface CsvReaderOptions {
  /** Files read at once by this process; one more is refused BUSY (each thread holds its file twice). */
  maxParallel: number;
  /** A file not read by then is given up (its thread ended). */
  timeoutMs: number;
}

const defaults: CsvReaderOptions = { maxParallel: 2, timeoutMs: 60_000 };
const workerUrl = new URL('./csv-worker.boot.mjs', import.meta.url);

export class CsvReader {
  private running = 0;

  constructor(
    private readonly logger: Logger,
    private readonly options: CsvReaderOptions = defaults,
  ) {}

  /** The file's rows that passed their schema and the issues of the others; throws BAD_REQUEST for a file that is not a usable CSV. */
  async read<K extends CsvKind>(text: string, kind: K): Promise<CsvFile<RowOf[K]>> {
    if (this.running >= this.options.maxParallel) {
      throw new LienthongError('BUSY', 'Other CSV files are being read: try again in a few seconds', undefined, { retryAfterMs: 3000 });
    }
    this.running++;
    try {
      const { rows, issues, total } = await runWorker({ kind, text }, this.options.timeoutMs, (cause) =>
        this.logger.error({ cause, kind }, 'CSV worker failed'),
      );
      return { rows: rows as CsvRow<RowOf[K]>[], issues: new RowIssues(issues), total };
    } finally {
      this.running--;
    }
  }
}

interface WorkerResult {
  rows: unknown[];
  issues: WireIssue[];
  total: number;
}

function runWorker(job: CsvJob, timeoutMs: number, onCrash: (cause: string | undefined) => void): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const rows: unknown[] = [];
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      settle();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new LienthongError('TIMEOUT', `The CSV was not read within ${timeoutMs / 1000} s`))), timeoutMs);
    worker.on('message', (raw: unknown) => {
      const message = csvMessageSchema.safeParse(raw);
      if (!message.success) return finish(() => reject(new Error('the CSV worker sent a malformed message')));
      const m = message.data;
      if (m.type === 'rows') for (const row of m.rows) rows.push(row);
      else if (m.type === 'done') finish(() => resolve({ rows, issues: m.issues, total: m.total }));
      else {
        if (m.error.code === 'INTERNAL') onCrash(m.cause);
        finish(() => reject(LienthongError.fromWire(m.error)));
      }
    });
    worker.once('error', (err) => finish(() => reject(err)));
    // After an answer this is a no-op (a settled promise stays settled).
    worker.once('exit', (code) => finish(() => reject(new Error(`the CSV worker exited (code ${code}) without answering`))));
  });
}
