// The attendance ledger on a real PostgreSQL: a flush of many joins, leaves and delegate counts
// is one statement; what it writes is what the sites did, in every interleaving of a leave with
// the flush; a failed flush loses nothing; one vanished conference holds nobody else back.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { AttendanceLedger } from '../../src/domain/attendance-ledger.js';
import { reportDelegates } from '../../src/domain/attendance.js';
import { seedDemo, type DemoSeed } from '../../src/seed/demo.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';

const silent = pino({ level: 'silent' });
/** No timer flushes in these tests: each flush is the test's own. */
const never = 3_600_000;

describe('attendance ledger', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let db: Database;
  let seed: DemoSeed;
  const statements: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = await openDatabase({ databaseUrl: scratch.url, onQuery: (sql) => statements.push(sql) });
    seed = await seedDemo(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const intervalsOf = (siteId: string) =>
    db.prisma.attendanceInterval.findMany({ where: { conferenceId: seed.conferenceId, siteId }, orderBy: { joinedAt: 'asc' } });
  const intervalById = (id: string) => db.prisma.attendanceInterval.findUnique({ where: { id } });
  const delegatesOf = async (siteId: string) =>
    (await db.prisma.delegateReport.findUnique({ where: { conferenceId_siteId: { conferenceId: seed.conferenceId, siteId } } }))?.delegates ?? null;

  it('writes a flush of a dozen joins, their delegate counts and some leaves in one statement', async () => {
    const ledger = new AttendanceLedger(db.prisma, silent, never);
    const sites = seed.sites.slice(1, 13);
    const opened = sites.map((s, i) => {
      ledger.reportDelegates(seed.conferenceId, s.id, 10 + i);
      return ledger.open(seed.conferenceId, s.id);
    });
    // Half leave before the flush: their interval is written with its end.
    opened.slice(0, 6).forEach((o) => ledger.close(o));
    expect(ledger.waitingDelegates(seed.conferenceId, sites[3]!.id)).toBe(13);

    statements.length = 0;
    await ledger.flush();
    expect(statements).toHaveLength(1);
    expect(ledger.waitingDelegates(seed.conferenceId, sites[3]!.id)).toBeUndefined();

    const first = await intervalsOf(sites[0]!.id);
    expect(first).toHaveLength(1);
    expect(first[0]!.leftAt).not.toBeNull();
    const stayed = await intervalsOf(sites[9]!.id);
    expect(stayed).toHaveLength(1);
    expect(stayed[0]!.leftAt).toBeNull();
    expect(await delegatesOf(sites[9]!.id)).toBe(19);

    // The rest leave later: one more statement ends them all.
    opened.slice(6).forEach((o) => ledger.close(o));
    statements.length = 0;
    await ledger.flush();
    expect(statements).toHaveLength(1);
    expect((await intervalsOf(sites[9]!.id))[0]!.leftAt).not.toBeNull();
    // Nothing waiting: no statement at all.
    statements.length = 0;
    await ledger.flush();
    expect(statements).toHaveLength(0);
    await ledger.stop();
  });

  it('ends an interval whose leave arrived while its join was being written', async () => {
    let onStatement = () => {};
    // The leave lands while the statement carrying the join is on its way to the database.
    const watched = {
      $executeRawUnsafe: (sql: string, ...values: unknown[]) => {
        onStatement();
        onStatement = () => {};
        return db.prisma.$executeRawUnsafe(sql, ...values);
      },
    };
    const ledger = new AttendanceLedger(watched, silent, never);
    const interval = ledger.open(seed.conferenceId, seed.sites[13]!.id);
    onStatement = () => ledger.close(interval);
    await ledger.flush();
    expect((await intervalById(interval.id))?.leftAt).toBeNull();
    await ledger.flush();
    expect((await intervalById(interval.id))?.leftAt).not.toBeNull();
    await ledger.stop();
  });

  it('keeps what a failed flush carried, with a leave that arrived meanwhile, and writes it on the next', async () => {
    let failNext = true;
    // The database refusing one statement (a dropped connection), then answering again.
    const flaky = {
      $executeRawUnsafe: (sql: string, ...values: unknown[]) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('connection terminated'));
        }
        return db.prisma.$executeRawUnsafe(sql, ...values);
      },
    };
    const ledger = new AttendanceLedger(flaky, silent, never);
    const site = seed.sites[13]!;
    const interval = ledger.open(seed.conferenceId, site.id);
    ledger.reportDelegates(seed.conferenceId, site.id, 77);
    const failing = ledger.flush();
    ledger.close(interval);
    await expect(failing).rejects.toThrow('connection terminated');
    expect(await intervalById(interval.id)).toBeNull();
    // Still answered from memory while unwritten: a vote right after the join sees the count.
    expect(ledger.waitingDelegates(seed.conferenceId, site.id)).toBe(77);

    await ledger.flush();
    expect((await intervalById(interval.id))?.leftAt).not.toBeNull();
    expect(await delegatesOf(site.id)).toBe(77);
    await ledger.stop();
  });

  it('never lets an older count replace a newer report, and skips sites not invited', async () => {
    const ledger = new AttendanceLedger(db.prisma, silent, never);
    const site = seed.sites[14]!;
    ledger.reportDelegates(seed.conferenceId, site.id, 5); // taken at join, written behind...
    await new Promise((r) => setTimeout(r, 5));
    await reportDelegates(db.prisma, seed.conferenceId, site.id, 50); // ...after an operator's newer report
    await ledger.flush();
    expect(await delegatesOf(site.id)).toBe(50);

    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN-HV-HB' } });
    const outsider = await db.prisma.site.create({
      data: { code: `T-${randomUUID()}`, name: 'Điểm cầu ngoài danh sách', unitId: unit.id, delegateCapacity: 20, linkProfile: 'weak' },
    });
    ledger.reportDelegates(seed.conferenceId, outsider.id, 9);
    await ledger.flush();
    expect(await delegatesOf(outsider.id)).toBeNull();
    await ledger.stop();
  });

  it('skips the rows of a conference deleted meanwhile and writes everyone else', async () => {
    const ledger = new AttendanceLedger(db.prisma, silent, never);
    const gone = randomUUID();
    const site = seed.sites[14]!;
    const lost = ledger.open(gone, site.id);
    const kept = ledger.open(seed.conferenceId, site.id);
    await ledger.flush();
    expect(await intervalById(kept.id)).not.toBeNull();
    expect(await intervalById(lost.id)).toBeNull();
    expect(await db.prisma.attendanceInterval.count({ where: { conferenceId: gone } })).toBe(0);
    await ledger.stop();
  });

  it('writes what waits when it stops (a replica shutting down)', async () => {
    const ledger = new AttendanceLedger(db.prisma, silent, never);
    const interval = ledger.open(seed.conferenceId, seed.sites[14]!.id);
    await ledger.stop();
    expect(await intervalById(interval.id)).not.toBeNull();
  });
});
