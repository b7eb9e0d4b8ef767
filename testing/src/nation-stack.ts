import { openDatabase } from '../../control-plane/src/db/database.js';
import { loadNation } from '../../control-plane/src/seed/load-nation.js';
import { generateNation, NATIONAL_2025 } from '../../control-plane/src/seed/synthetic-nation.js';
import { startScratchStack } from './scratch-stack.js';

/**
 * A stack (no media nodes) over the synthetic nation of 2025 (63 provinces, ~10,700 districts and
 * communes, 15,345 sites), plus the demo's units under its root: for the console's screenshots
 * and its unit-tree benchmark.
 */
export function startNationStack(port: number) {
  return startScratchStack([], {
    port,
    async prepare(databaseUrl) {
      const db = await openDatabase({ databaseUrl });
      try {
        await loadNation(db.prisma, generateNation(NATIONAL_2025));
      } finally {
        await db.close();
      }
    },
  });
}
