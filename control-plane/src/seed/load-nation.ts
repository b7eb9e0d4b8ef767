// Writes a generated nation into an empty database, fast: one insert per table.
import { insertRows } from '../db/bulk-insert.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Nation } from './synthetic-nation.js';

export async function loadNation(prisma: PrismaClient, nation: Nation): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.tier.createMany({ data: nation.tiers, skipDuplicates: true });
      const now = new Date().toISOString();
      await insertRows(
        tx,
        'units',
        nation.units.map((u) => ({ id: u.id, code: u.code, name: u.name, tier_level: u.tierLevel, parent_id: u.parentId, path: u.path, updated_at: now })),
      );
      await insertRows(
        tx,
        'sites',
        nation.sites.map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          unit_id: s.unitId,
          delegate_capacity: s.delegateCapacity,
          link_profile: s.linkProfile,
          updated_at: now,
        })),
      );
    },
    { timeout: 300_000 },
  );
}
