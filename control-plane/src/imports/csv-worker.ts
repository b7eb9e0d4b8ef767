// The import worker thread: parses one upload (csv-parse.ts) and posts the rows in batches, then
// their issues, or the error that refused the file, back to the control plane (csv-reader.ts).
import { toWireError } from '@lienthong/contracts';
import { parentPort, workerData } from 'node:worker_threads';
import { batchSize } from '../db/in-batches.js';
import { csvJobSchema, type CsvMessage } from './csv-job.js';
import { csvRowSchemas, parseCsv } from './csv-parse.js';

const post = (message: CsvMessage) => parentPort!.postMessage(message);

async function run(): Promise<void> {
  const job = csvJobSchema.parse(workerData);
  const { rows, issues, total } = await parseCsv(job.text, csvRowSchemas[job.kind]);
  for (let at = 0; at < rows.length; at += batchSize) post({ type: 'rows', rows: rows.slice(at, at + batchSize) });
  post({ type: 'done', issues, total });
}

run().catch((err: unknown) => post({ type: 'failed', error: toWireError(err), cause: err instanceof Error ? err.stack : String(err) }));
