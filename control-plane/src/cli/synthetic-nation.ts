// Generates the synthetic national hierarchy and loads it into a database and/or writes it as
// CSV files in the import format (units.csv, sites.csv; the central unit "TW" is not in them).
//
//   node --import tsx control-plane/src/cli/synthetic-nation.ts [--preset 63|34] [--seed N]
//        [--provinces N --districts N --communes N --sites N] [--out DIR] [--load]
//
// --load writes into DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded), which must be empty of units.
import { parseEnv } from '@lienthong/contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from '../db/database.js';
import { loadNation } from '../seed/load-nation.js';
import { sitesCsv, unitsCsv } from '../seed/nation-csv.js';
import { generateNation, NATIONAL_2025, type NationOptions } from '../seed/synthetic-nation.js';

const presets: Record<string, NationOptions> = {
  '63': NATIONAL_2025,
  // Since mid-2025: 34 provinces, no district tier, ~3,300 communes.
  '34': { seed: 1, provinces: 34, districts: 0, communes: 3_321, sites: 15_345 },
};

const count = z.coerce.number().int().min(0).max(1_000_000).optional();
const argsSchema = z.object({
  preset: z.enum(['63', '34']).default('63'),
  seed: count,
  provinces: count,
  districts: count,
  communes: count,
  sites: count,
  out: z.string().min(1).optional(),
  load: z.boolean().default(false),
});

const { values } = parseArgs({
  options: {
    preset: { type: 'string' }, seed: { type: 'string' }, provinces: { type: 'string' }, districts: { type: 'string' },
    communes: { type: 'string' }, sites: { type: 'string' }, out: { type: 'string' }, load: { type: 'boolean' },
  },
});
const args = argsSchema.parse(values);
const { preset, out, load, ...overrides } = args;
const options: NationOptions = { ...presets[preset]!, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };

const startedAt = performance.now();
const nation = generateNation(options);
const summary: Record<string, unknown> = {
  options,
  unitsByTier: nation.tiers.map((t) => ({ ...t, units: nation.units.filter((u) => u.tierLevel === t.level).length })),
  sites: nation.sites.length,
  generateMs: Math.round(performance.now() - startedAt),
};

if (out) {
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'units.csv'), unitsCsv(nation));
  await writeFile(path.join(out, 'sites.csv'), sitesCsv(nation));
  summary.out = path.resolve(out);
}
if (load) {
  const env = parseEnv(z.object({ DATABASE_URL: z.string().optional(), PGLITE_DIR: z.string().optional() }), process.env);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DIR });
  const t = performance.now();
  try {
    await loadNation(db.prisma, nation);
  } finally {
    await db.close();
  }
  summary.loadMs = Math.round(performance.now() - t);
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
