// The CSV reader's worker threads: rows and issues come back from the thread in file order across
// message batches, a refusal keeps its shape, and a replica reads only so many files at once.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../src/imports/csv-reader.js';

const logger = pino({ level: 'silent' });
const units = (n: number) => ['code,name,parent_code', ...Array.from({ length: n }, (_, i) => `U-${i},Đơn vị ${i},TW`)].join('\n');

describe('CsvReader', () => {
  it('brings back every row in file order, across batches, with the issues of the bad ones', async () => {
    const text = `${units(4500)}\nBAD/CODE,Sai,TW\n`;
    const file = await new CsvReader(logger).read(text, 'units');
    expect(file.total).toBe(4501);
    expect(file.rows).toHaveLength(4500);
    expect(file.rows.map((r) => r.line)).toEqual(Array.from({ length: 4500 }, (_, i) => i + 2));
    expect(file.rows[4499]!.row).toEqual({ code: 'U-4499', name: 'Đơn vị 4499', parent_code: 'TW' });
    expect(file.issues.issues.map((i) => i.path)).toEqual([[4502, 'code']]);
  });

  it('refuses a file that is not a usable CSV with the same error the route answers', async () => {
    await expect(new CsvReader(logger).read('code,name\nX,Y\n', 'units')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/header/) });
  });

  it('reads only so many files at once: one more is BUSY, with when to try again', async () => {
    const reader = new CsvReader(logger, { maxParallel: 1, timeoutMs: 60_000 });
    const first = reader.read(units(10), 'units');
    await expect(reader.read(units(10), 'units')).rejects.toMatchObject({ code: 'BUSY', details: { retryAfterMs: expect.any(Number) } });
    expect((await first).rows).toHaveLength(10);
    // Once the first is read, the next one is.
    expect((await reader.read(units(3), 'units')).rows).toHaveLength(3);
  });
});
