/**
 * `npm run -s bench:votes`: a national vote. The synthetic nation (15,345 sites, delegates reported
 * as each site's capacity) in embedded PGlite, one open conference, a control plane in this process
 * and CONSOLES (2) real /console sockets following the votes. Two ways, measured in the same run:
 *   - the design: `VoteService.enter` (delegate check, Redis script, entries written behind in one
 *     statement a tick, tallies published once a tick) for every site over ENTRY_S (20) seconds,
 *     one site in ten correcting its counts afterwards;
 *   - the naive baseline: the same check, each entry upserted into PostgreSQL at once, and the
 *     consoles' tally summed again in SQL every second.
 * Simulated: the sites' sockets (entries enter where the /site gateway hands them; the gateway's
 * share per message is bench:report-gateway's). Measured: this process's CPU per entry, the
 * consoles' bytes and updates per second, and whether the tally equals the sum of what was entered.
 */
import { callMessage, consoleRequests, namespaces, type VoteWithTally } from '@lienthong/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { loadNation } from '../src/seed/load-nation.js';
import { generateNation, NATIONAL_2025 } from '../src/seed/synthetic-nation.js';
import { startControlPlane } from '../src/server.js';

const ENTRY_S = Number(process.env.ENTRY_S ?? 20);
/** The baseline is slow: it takes this many sites' entries, at the same pace. */
const BASELINE_SITES = Number(process.env.BASELINE_SITES ?? 3000);
const CONSOLES = Number(process.env.CONSOLES ?? 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;

const db = await openDatabase({});
const nation = generateNation(NATIONAL_2025);
await loadNation(db.prisma, nation);
const root = nation.units.find((u) => u.parentId === null)!;
const hall = nation.sites.find((s) => s.unitId === root.id)!;
const conferenceId = randomUUID();
const start = new Date(Date.now() - 60_000);
await db.prisma.$executeRaw`INSERT INTO conferences (id, title, host_unit_id, origin_site_id, status, scheduled_start, scheduled_end, updated_at)
  VALUES (${conferenceId}::uuid, 'Hội nghị toàn quốc (bench)', ${root.id}::uuid, ${hall.id}::uuid, 'open', ${start.toISOString()}::timestamptz, ${new Date(start.getTime() + 4 * 3600_000).toISOString()}::timestamptz, now())`;
await db.prisma.$executeRaw`INSERT INTO conference_sites (conference_id, site_id) SELECT ${conferenceId}::uuid, id FROM sites`;
await db.prisma.$executeRaw`INSERT INTO delegate_reports (conference_id, site_id, delegates) SELECT ${conferenceId}::uuid, id, delegate_capacity FROM sites`;
const delegates = new Map(nation.sites.map((s) => [s.id, s.delegateCapacity]));

const config = {
  ...loadConfig({
    AUTH_SECRET: randomBytes(32).toString('hex'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `lienthong-bench-${randomBytes(4).toString('hex')}`,
  }),
  PORT: 0,
};
const plane = await startControlPlane(config, db, pino({ level: 'warn' }), 'bench');
const token = await plane.tokens.signOperator({ sub: 'bench', role: 'system_admin', unit: root.id }, 3600);

/** A console following the votes: bytes of the frames it receives and the updates it gets. */
async function openConsole() {
  const socket: Socket = io(`${plane.url}${namespaces.console}`, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  const seen = { bytes: 0, updates: 0, last: null as VoteWithTally | null };
  socket.io.engine.on('data', (d: string | Buffer) => (seen.bytes += typeof d === 'string' ? Buffer.byteLength(d) : d.length));
  socket.on('voteChanged', (v: VoteWithTally) => ((seen.updates += 1), (seen.last = v)));
  await callMessage(socket, consoleRequests, 'watchVotes', { conferenceId }, 120_000);
  return { socket, seen };
}

/** Counts for a site: all of its delegates, split over the options by a seeded rule. */
const countsFor = (siteId: string, salt: number) => {
  const n = delegates.get(siteId)!;
  const h = (parseInt(siteId.slice(0, 8), 16) + salt) % 100;
  const agree = Math.floor((n * (70 + (h % 30))) / 100);
  const against = Math.floor((n - agree) / 2);
  return [agree, against, n - agree - against];
};

/** Runs one way's entries over ENTRY_S, every site once and one in ten again with other counts. */
async function run(enter: (siteId: string, counts: number[]) => Promise<unknown>, sites = nation.sites) {
  const consoles = await Promise.all(Array.from({ length: CONSOLES }, openConsole));
  const order = [...sites.map((s) => ({ id: s.id, salt: 0 })), ...sites.filter((_, i) => i % 10 === 0).map((s) => ({ id: s.id, salt: 17 }))];
  const seconds = (ENTRY_S * sites.length) / nation.sites.length;
  const refusals: Record<string, number> = {};
  const final = new Map<string, number[]>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sliceMs = 50;
  const perSlice = Math.ceil(order.length / ((seconds * 1000) / sliceMs));
  let refused = 0;
  for (let i = 0; i < order.length; i += perSlice) {
    const due = t0 + (i / perSlice) * sliceMs;
    if (due > performance.now()) await sleep(due - performance.now());
    await Promise.all(
      order.slice(i, i + perSlice).map(async ({ id, salt }) => {
        const counts = countsFor(id, salt);
        await enter(id, counts).then(
          () => final.set(id, counts),
          (err: { code?: string; message?: string }) => {
            refused += 1;
            const code = err.code ?? err.message ?? 'unknown';
            refusals[code] = (refusals[code] ?? 0) + 1;
          },
        );
      }),
    );
  }
  const enteredS = (performance.now() - t0) / 1000;
  const bytes0 = consoles.map((c) => c.seen.bytes);
  const updates0 = consoles.map((c) => c.seen.updates);
  await sleep(3000); // the last tick's news
  const cpu = cpuMs(cpu0, process.cpuUsage());
  const expected = [0, 0, 0];
  for (const counts of final.values()) counts.forEach((c, i) => (expected[i]! += c));
  consoles.forEach((c) => c.socket.close());
  return { consoles, enteredS, cpu, expected, entries: order.length, refused, refusals, voted: final.size, bytes0, updates0 };
}

// The design.
const vote = await plane.votes.open(conferenceId, { question: 'Biểu quyết (bench)', options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'], secret: false, durationSeconds: 3600 }, 'bench');
const design = await run((siteId, counts) => plane.votes.enter(conferenceId, siteId, vote.id, counts));
const closed = await plane.votes.close(vote.id);
const live = design.consoles[0]!.seen.last!;

// The baseline: PostgreSQL only, each entry written at once, the tally summed again every second.
const baseVote = await plane.votes.open(conferenceId, { question: 'Biểu quyết (baseline)', options: ['A', 'B', 'C'], secret: false, durationSeconds: 3600 }, 'bench');
let summed: number[] = [];
let baseBytes = 0;
const baseTimer = setInterval(() => {
  void db.prisma.$queryRaw<{ a: bigint; b: bigint; c: bigint; n: bigint }[]>`SELECT coalesce(sum((counts->>0)::int),0) a, coalesce(sum((counts->>1)::int),0) b, coalesce(sum((counts->>2)::int),0) c, count(*) n FROM vote_entries WHERE vote_id = ${baseVote.id}::uuid`.then(([r]) => {
    summed = [Number(r!.a), Number(r!.b), Number(r!.c)];
    baseBytes += Buffer.byteLength(JSON.stringify({ totals: summed, voted: Number(r!.n) })) * CONSOLES;
  });
}, 1000);
const revisions = new Map<string, number>();
const baseline = await run(async (siteId, counts) => {
  const report = await db.prisma.delegateReport.findUnique({ where: { conferenceId_siteId: { conferenceId, siteId } }, select: { delegates: true } });
  const present = report?.delegates ?? null;
  if (present === null || counts.reduce((a, b) => a + b, 0) > present) throw new Error('too many');
  const revision = (revisions.get(siteId) ?? 0) + 1;
  revisions.set(siteId, revision);
  await db.prisma.voteEntry.upsert({
    where: { voteId_siteId: { voteId: baseVote.id, siteId } },
    create: { voteId: baseVote.id, siteId, counts, revision },
    update: { counts, revision, enteredAt: new Date() },
  });
}, nation.sites.slice(0, BASELINE_SITES));
clearInterval(baseTimer);

const perEntryUs = (r: typeof design) => round((r.cpu * 1000) / r.entries);
const perConsoleBytesPerS = (r: typeof design) => round((r.bytes0.reduce((a, b) => a + b, 0) / r.bytes0.length) / r.enteredS, 0);
console.log(
  JSON.stringify(
    {
      bench: 'votes',
      sites: nation.sites.length,
      entries: design.entries,
      corrections: design.entries - nation.sites.length,
      design: {
        entrySeconds: round(design.enteredS, 2),
        refused: design.refusals,
        cpuUsPerEntry: perEntryUs(design),
        consoleBytesPerSecond: perConsoleBytesPerS(design),
        consoleUpdatesPerSecond: round(design.updates0[0]! / design.enteredS, 2),
        liveTallyCorrect: JSON.stringify(live.tally.totals) === JSON.stringify(design.expected) && live.tally.voted === design.voted,
        finalTallyCorrect: JSON.stringify(closed.tally.totals) === JSON.stringify(design.expected) && closed.tally.voted === design.voted,
        groupsAddUp: JSON.stringify(closed.tally.groups.reduce((sum, g) => sum.map((v, i) => v + g[4][i]!), [0, 0, 0])) === JSON.stringify(closed.tally.totals),
        sitesVoted: closed.tally.voted,
        provinces: closed.tally.groups.length,
      },
      baseline: {
        what: 'PostgreSQL only: each entry upserted at once, totals summed in SQL every second (no per-province subtotals)',
        entries: baseline.entries,
        entrySeconds: round(baseline.enteredS, 2),
        targetSeconds: round((ENTRY_S * BASELINE_SITES) / nation.sites.length, 2),
        refused: baseline.refusals,
        cpuUsPerEntry: perEntryUs(baseline),
        consoleBytesPerSecondTotalsOnly: round(baseBytes / CONSOLES / baseline.enteredS, 0),
        tallyCorrect: JSON.stringify(summed) === JSON.stringify(baseline.expected),
      },
      cpuPerEntryRatioBaselineOverDesign: round(perEntryUs(baseline) / perEntryUs(design), 2),
      note: 'CPU is this whole process (control plane, embedded PGlite, the simulated sites and console sockets); load average ' + (await import('node:os')).loadavg()[0]!.toFixed(1),
    },
    null,
    2,
  ),
);
await plane.close();
await db.close();
process.exit(0);
