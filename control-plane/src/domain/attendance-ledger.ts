// Attendance written behind. Every site's join opened an interval and upserted its delegates
// (three statements, with the invitation check) and every leave closed it: at national scale,
// 15,000 sites joining within a minute, that was most of the control plane's PostgreSQL work per
// join. Here joins and leaves wait in memory for at most one flush (`flushMs`) and one statement
// per flush writes them all.
//
// What a crash loses: the intervals opened or closed within the last flush on this replica. Its
// sites' sockets die with it and they rejoin on another replica, which opens new intervals (the
// attendance report merges overlaps), so what is lost is at most one flush of a site's presence.
// The statement is idempotent (interval ids are made here; delegates keep the newest report), so a
// flush whose answer was lost is simply written again.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';

/** What the ledger needs of Prisma: one raw statement. */
export interface StatementRunner {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** An interval this replica opened: `close` ends it. */
export interface OpenInterval {
  readonly id: string;
}

interface IntervalRow {
  id: string;
  conference_id: string;
  site_id: string;
  joined_at: string;
  left_at: string | null;
}
interface ClosedRow {
  id: string;
  left_at: string;
}
interface DelegatesRow {
  conference_id: string;
  site_id: string;
  delegates: number;
  reported_at: string;
}

/** How long a join or leave waits before it is written, by default. */
export const attendanceFlushMs = 500;
/** Beyond this many waiting rows (the database is down), the oldest are dropped, and logged. */
const maxWaiting = 100_000;

/**
 * One statement for a flush: new intervals (a site that already left within the flush has its
 * end too), ends of intervals written before, and delegate counts. Data-modifying CTEs see the
 * same snapshot, so an end never targets an interval of the same flush (those carry their end).
 * Rows whose conference or site is gone are skipped, not failed: one deleted conference must not
 * hold every other site's attendance back. A delegate count needs the site's invitation (as the
 * REST report does) and never replaces a newer report.
 */
const flushSql = `
WITH opened AS (
  INSERT INTO "attendance_intervals" ("id", "conference_id", "site_id", "joined_at", "left_at")
  SELECT r.id, r.conference_id, r.site_id, r.joined_at, r.left_at
    FROM json_to_recordset($1::json) AS r(id uuid, conference_id uuid, site_id uuid, joined_at timestamptz, left_at timestamptz)
   WHERE EXISTS (SELECT 1 FROM "conferences" c WHERE c.id = r.conference_id)
     AND EXISTS (SELECT 1 FROM "sites" s WHERE s.id = r.site_id)
  ON CONFLICT ("id") DO NOTHING
), closed AS (
  UPDATE "attendance_intervals" a SET "left_at" = r.left_at
    FROM json_to_recordset($2::json) AS r(id uuid, left_at timestamptz)
   WHERE a.id = r.id AND a.left_at IS NULL
), reported AS (
  INSERT INTO "delegate_reports" ("conference_id", "site_id", "delegates", "reported_at")
  SELECT r.conference_id, r.site_id, r.delegates, r.reported_at
    FROM json_to_recordset($3::json) AS r(conference_id uuid, site_id uuid, delegates int, reported_at timestamptz)
   WHERE EXISTS (SELECT 1 FROM "conference_sites" cs WHERE cs.conference_id = r.conference_id AND cs.site_id = r.site_id)
  ON CONFLICT ("conference_id", "site_id") DO UPDATE
    SET "delegates" = EXCLUDED."delegates", "reported_at" = EXCLUDED."reported_at"
    WHERE "delegate_reports"."reported_at" <= EXCLUDED."reported_at"
)
SELECT 1`;

export class AttendanceLedger {
  /** Intervals not written yet, by id (a leave before the flush sets its end here). */
  private opened = new Map<string, IntervalRow>();
  private closed: ClosedRow[] = [];
  /** The newest count per conference and site, not written yet. */
  private delegates = new Map<string, DelegatesRow>();
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly prisma: StatementRunner,
    private readonly log: Logger,
    flushMs = attendanceFlushMs,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushMs);
    this.timer.unref();
  }

  /** A site joined: its interval starts now. */
  open(conferenceId: string, siteId: string): OpenInterval {
    const row: IntervalRow = { id: randomUUID(), conference_id: conferenceId, site_id: siteId, joined_at: this.now().toISOString(), left_at: null };
    this.opened.set(row.id, row);
    this.bound();
    return { id: row.id };
  }

  /** The site's session went: its interval ends now. */
  close(interval: OpenInterval): void {
    const at = this.now().toISOString();
    const waiting = this.opened.get(interval.id);
    if (waiting) waiting.left_at ??= at;
    else this.closed.push({ id: interval.id, left_at: at });
  }

  /** The site says how many delegates sit in its hall (the newest report counts). */
  reportDelegates(conferenceId: string, siteId: string, delegates: number): void {
    this.delegates.set(`${conferenceId}|${siteId}`, { conference_id: conferenceId, site_id: siteId, delegates, reported_at: this.now().toISOString() });
  }

  /** A count reported here and not written yet (readers of the table see it a flush later). */
  waitingDelegates(conferenceId: string, siteId: string): number | undefined {
    return this.delegates.get(`${conferenceId}|${siteId}`)?.delegates;
  }

  /** Writes what waits (one flush at a time; a flush asked for during one follows it). */
  flush(): Promise<void> {
    const next = (this.flushing ?? Promise.resolve()).catch(() => undefined).then(() => this.write());
    this.flushing = next;
    return next;
  }

  /** Stops the timer and writes what waits. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  private async write(): Promise<void> {
    if (!this.opened.size && !this.closed.length && !this.delegates.size) return;
    const [opened, closed, delegates] = [[...this.opened.values()], this.closed, [...this.delegates.values()]];
    this.opened = new Map();
    this.closed = [];
    this.delegates = new Map();
    try {
      await this.prisma.$executeRawUnsafe(flushSql, JSON.stringify(opened), JSON.stringify(closed), JSON.stringify(delegates));
    } catch (err) {
      // Kept for the next flush, behind anything newer that arrived meanwhile.
      for (const row of opened) if (!this.opened.has(row.id)) this.opened.set(row.id, row);
      // An end that arrived while these were on their way now belongs to its waiting interval.
      const ends = [...closed, ...this.closed];
      this.closed = [];
      for (const end of ends) {
        const waiting = this.opened.get(end.id);
        if (waiting) waiting.left_at ??= end.left_at;
        else this.closed.push(end);
      }
      for (const row of delegates) {
        const key = `${row.conference_id}|${row.site_id}`;
        if (!this.delegates.has(key)) this.delegates.set(key, row);
      }
      this.log.warn({ err, waiting: this.opened.size + this.closed.length + this.delegates.size }, 'could not write attendance; will retry');
      this.bound();
      throw err;
    }
  }

  /** Keeps memory bounded while the database is unreachable: the oldest waiting rows go first. */
  private bound(): void {
    const excess = this.opened.size + this.closed.length - maxWaiting;
    if (excess <= 0) return;
    const dropped = this.closed.splice(0, excess).length;
    let more = excess - dropped;
    for (const id of this.opened.keys()) {
      if (more-- <= 0) break;
      this.opened.delete(id);
    }
    this.log.error({ dropped: excess }, 'attendance dropped: the database has been unreachable too long');
  }
}
