// Creating a conference for every site of the synthetic nation (15,345) and resolving its rule
// "every site under the central unit", through the same domain code the API runs, against a
// baseline in the same run: one plain INSERT ... SELECT of the same rows. Prints JSON.
//
//   npm run bench:conference             (embedded PGlite, in memory)
//   DATABASE_URL=postgresql://... npm run bench:conference   (an empty PostgreSQL database)
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/database.js';
import { createConference } from '../src/domain/conference-schedule.js';
import { loadNation } from '../src/seed/load-nation.js';
import { generateNation, NATIONAL_2025 } from '../src/seed/synthetic-nation.js';

let queries = 0;
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, onQuery: () => void queries++ });
const prisma = db.prisma;

async function measure<T>(fn: () => Promise<T>) {
  global.gc?.();
  const memoryBefore = process.memoryUsage();
  const queriesBefore = queries;
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  const memoryAfter = process.memoryUsage();
  return {
    result,
    figures: {
      ms: Math.round(ms * 10) / 10,
      queries: queries - queriesBefore,
      heapDeltaMiB: Math.round(((memoryAfter.heapUsed - memoryBefore.heapUsed) / 2 ** 20) * 10) / 10,
      rssMiB: Math.round((memoryAfter.rss / 2 ** 20) * 10) / 10,
    },
  };
}

try {
  const nation = generateNation(NATIONAL_2025);
  const load = await measure(() => loadNation(prisma, nation));
  const root = nation.units.find((u) => u.parentId === null)!;
  const hall = nation.sites.find((s) => s.unitId === root.id)!;
  const slot = (day: number) => ({
    scheduledStart: new Date(Date.UTC(2030, 0, day, 1)).toISOString(),
    scheduledEnd: new Date(Date.UTC(2030, 0, day, 4)).toISOString(),
  });

  /** Every site under the central unit, on a given day, created as the API creates it. */
  const createNational = (title: string, day: number) =>
    prisma.$transaction(
      (tx) =>
        createConference(tx, {
          title,
          hostUnitId: root.id,
          originSiteId: hall.id,
          ...slot(day),
          recordingEnabled: false,
          participants: { sites: [], rules: [{ unitId: root.id, downToTier: null }] },
        }),
      { timeout: 120_000 },
    );

  // The product path: create + resolve the rule + check clashes, in one transaction.
  const product = await measure(() => createNational('Hội nghị toàn quốc (bench)', 1));

  // The baseline: the same rows written by hand, with no rules, checks or audit.
  const baselineId = randomUUID();
  const baseline = await measure(async () => {
    await prisma.$executeRaw`INSERT INTO conferences (id, title, host_unit_id, origin_site_id, scheduled_start, scheduled_end, updated_at)
      VALUES (${baselineId}::uuid, 'baseline', ${root.id}::uuid, ${hall.id}::uuid, ${slot(2).scheduledStart}::timestamptz, ${slot(2).scheduledEnd}::timestamptz, now())`;
    return prisma.$executeRaw`INSERT INTO conference_sites (conference_id, site_id) SELECT ${baselineId}::uuid, id FROM sites`;
  });

  // A second national conference at the same time: resolving it finds the clash and rolls back.
  const clash = await measure(() =>
    createNational('Trùng giờ', 1).then(
      () => 'no clash (unexpected)',
      (err: Error) => err.message,
    ),
  );

  const report = {
    database: db.kind,
    nation: { units: nation.units.length, sites: nation.sites.length },
    loadNation: load.figures,
    createAndResolve: { ...product.figures, siteCount: product.result.siteCount },
    baselinePlainInsert: { ...baseline.figures, rows: baseline.result },
    clashDetected: { ...clash.figures, outcome: clash.result },
    ratio: Math.round((product.figures.ms / baseline.figures.ms) * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await db.close();
}
