// Writes a generated nation into an empty database, fast: a few multi-row inserts.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Nation } from './synthetic-nation.js';

export async function loadNation(prisma: PrismaClient, nation: Nation): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.tier.createMany({ data: nation.tiers, skipDuplicates: true });
      // Parents first: units are generated tier by tier.
      await tx.unit.createMany({ data: [...nation.units].sort((a, b) => a.tierLevel - b.tierLevel) });
      await tx.site.createMany({ data: nation.sites });
    },
    { timeout: 300_000 },
  );
}
