// Conferences open and close at their times through BullMQ delayed jobs, with a real Redis and a
// real clock (delays of a second or two): through the API, across a restart of the worker, and
// with two replicas scheduling the same conference. Every wait is for a fact (a status, a job
// completed or due), never a pause followed by "nothing happened".
import { queues } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { ConferenceEndings } from '../../src/live/conference-endings.js';
import { JobQueue } from '../../src/scheduling/job-queue.js';
import { seedDemo, type DemoSeed } from '../../src/seed/demo.js';
import { signActors } from '../support/actors.js';
import { apiClient, ok } from '../support/api-client.js';
import { startTestControlPlane, testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it gives a value (the wait is for a fact, never for a while). */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Polls until the conference reaches `status`; returns when it was first seen there. */
async function waitForStatus(db: Database, id: string, status: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await db.prisma.conference.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (c.status === status) return Date.now();
    if (Date.now() > deadline) throw new Error(`conference ${id} still ${c.status}, expected ${status}`);
    await sleep(50);
  }
}

describe('scheduled open and close', () => {
  let db: Database;
  let seed: DemoSeed;
  const opened: JobQueue[] = [];
  const inspectors: { queue: Queue; redis: Redis }[] = [];

  const jobQueue = (prefix: string, runWorker = true, endings?: ConferenceEndings) => {
    const q = new JobQueue({ redisUrl: testRedisUrl, prefix, db, logger, runWorker, endings });
    opened.push(q);
    return q;
  };
  /** A plain BullMQ view of a prefix's queue, to count jobs. */
  const inspect = (prefix: string) => {
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(queues.scheduling, { connection: redis, prefix });
    inspectors.push({ queue, redis });
    return queue;
  };
  /** The jobs of a prefix's queue for conference `id` that ran to the end, by name. */
  const completedJobs = async (queue: Queue, id: string) => (await queue.getCompleted()).filter((j) => j.id?.includes(id));

  /** A conference of the hall alone, `inMs` from now, lasting `forMs`. */
  const conference = async (inMs: number, forMs: number) => {
    const start = new Date(Date.now() + inMs);
    return db.prisma.conference.create({
      data: {
        title: 'Hội nghị hẹn giờ',
        hostUnitId: (await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } })).id,
        originSiteId: seed.hallSiteId,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + forMs),
      },
    });
  };

  beforeAll(async () => {
    db = await openDatabase({});
    seed = await seedDemo(db.prisma);
  });
  afterAll(async () => {
    for (const q of opened) await q.obliterate().catch(() => undefined);
    for (const q of opened) await q.close();
    for (const { queue, redis } of inspectors) {
      await queue.close();
      await redis.quit();
    }
    await db?.close();
  });

  it('opens at the start and ends at the end, not before', async () => {
    const jobs = jobQueue(uniqueRedisPrefix());
    const c = await conference(1200, 1000);
    await jobs.schedule(c);
    expect((await db.prisma.conference.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('scheduled');
    const openedAt = await waitForStatus(db, c.id, 'open');
    const endedAt = await waitForStatus(db, c.id, 'ended');
    expect(openedAt).toBeGreaterThanOrEqual(c.scheduledStart.getTime());
    expect(endedAt).toBeGreaterThanOrEqual(c.scheduledEnd.getTime());
  });

  it('fires jobs scheduled before a restart once a new worker starts, even past their time', async () => {
    const prefix = uniqueRedisPrefix();
    const before = jobQueue(prefix);
    const c = await conference(800, 1500);
    await before.schedule(c);
    await before.close(); // the control plane stops
    // The open job's time comes and goes with no worker: nothing opens the conference.
    const queue = inspect(prefix);
    await until('the open job to be due', async () => {
      const due = (await queue.getDelayed()).find((j) => j.id?.includes(c.id) && j.name === 'open-conference');
      return due && Date.now() >= due.timestamp + due.opts.delay! + 200 ? true : undefined;
    });
    expect((await db.prisma.conference.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('scheduled');

    jobQueue(prefix); // ...and starts again
    await waitForStatus(db, c.id, 'open', 5000);
    await waitForStatus(db, c.id, 'ended', 5000);
  });

  it('runs each job once when two replicas schedule the same conference', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [jobQueue(prefix), jobQueue(prefix)];
    const c = await conference(1000, 500);
    await Promise.all([a.schedule(c), b.schedule(c), a.reconcile(), b.reconcile()]);
    const queue = inspect(prefix);
    // reconcile() also schedules the other pending conferences (the demo's close, say): look at this one's.
    const mine = <J extends { id?: string }>(jobs: J[]) => jobs.filter((j) => j.id?.includes(c.id));
    expect(mine(await queue.getDelayed())).toHaveLength(2);
    await waitForStatus(db, c.id, 'ended');
    // Both jobs recorded as completed (the close job's completion lands just after its write).
    const completed = await until('both jobs to complete', async () => {
      const done = await completedJobs(queue, c.id);
      return done.length >= 2 ? done : undefined;
    });
    expect(completed.map((j) => [j.name, j.attemptsMade]).sort()).toEqual([
      ['close-conference', 1],
      ['open-conference', 1],
    ]);
  });

  it("tells the conference's end on a retry, on another replica, when the attempt that ended it could not", async () => {
    // Replica A ends the conference, then loses Redis as it announces the end (its attempt fails
    // after the state changed); B, sharing the queue, runs the retry. The sites must still be told.
    const prefix = uniqueRedisPrefix();
    const announced: { by: string; ids: readonly string[] }[] = [];
    const endingsOf = (replica: string, failing: boolean): ConferenceEndings => ({
      announce: async (ids) => {
        if (failing) throw new Error(`replica ${replica} lost Redis`);
        announced.push({ by: replica, ids });
      },
    });
    const a = jobQueue(prefix, true, endingsOf('A', true));
    const c = await conference(600, 400);
    await a.schedule(c);
    await waitForStatus(db, c.id, 'ended');
    await a.close(); // A goes away once its attempt has failed; the retry is left in the queue
    jobQueue(prefix, true, endingsOf('B', false));
    await until("B's announcement", async () => (announced.some((x) => x.ids.includes(c.id)) ? true : undefined));
    expect(announced).toEqual([{ by: 'B', ids: [c.id] }]);
    const row = await db.prisma.conference.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.endedAt?.getTime()).toBe(c.scheduledEnd.getTime());
  });

  it('ignores a job made for times the conference no longer has', async () => {
    const prefix = uniqueRedisPrefix();
    const jobs = jobQueue(prefix);
    const c = await conference(600, 60_000);
    await jobs.schedule(c);
    // Rescheduled behind the queue's back: the stale open job must not open it.
    await db.prisma.conference.update({ where: { id: c.id }, data: { scheduledStart: new Date(Date.now() + 3_600_000) } });
    // The worker ran the stale job (so a pass is not a worker that never ran), and it left it be.
    const queue = inspect(prefix);
    await until('the stale open job to run', async () => ((await completedJobs(queue, c.id)).some((j) => j.name === 'open-conference') ? true : undefined));
    expect((await db.prisma.conference.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('scheduled');
  });
});

describe('scheduling through the API', () => {
  it('a conference created through the API opens by itself; a cancelled one drops its jobs', async () => {
    const plane = await startTestControlPlane();
    try {
      // The demo conference holds every site now: end it so the new ones do not clash.
      await plane.db.prisma.conference.update({ where: { id: plane.seed.conferenceId }, data: { status: 'ended' } });
      const admin = apiClient(plane.url, (await signActors(plane)).system_admin);
      const tw = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
      const body = (inMs: number) => ({
        title: 'Hội nghị giao ban',
        hostUnitId: tw.id,
        originSiteId: plane.seed.hallSiteId,
        scheduledStart: new Date(Date.now() + inMs).toISOString(),
        scheduledEnd: new Date(Date.now() + inMs + 60_000).toISOString(),
        participants: { rules: [{ unitId: tw.id, downToTier: 1 }] },
      });
      const soon = ok(await admin('conferences.create', { body: body(1000) }));
      const later = ok(await admin('conferences.create', { body: body(120_000) }));
      expect((await plane.jobs.delayedJobIds()).filter((id) => id.includes(later.id))).toHaveLength(2);
      ok(await admin('conferences.cancel', { params: { id: later.id } }));
      expect((await plane.jobs.delayedJobIds()).filter((id) => id.includes(later.id))).toEqual([]);

      await waitForStatus(plane.db, soon.id, 'open');
      expect(ok(await admin('conferences.definition', { params: { id: soon.id } })).status).toBe('open');
    } finally {
      await plane.stop();
    }
  });
});
