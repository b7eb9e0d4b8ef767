// The organisation tree. A unit's path is its parent's path plus its own code, so a subtree is a
// path prefix; tiers are data (a unit sits one tier below its parent, whatever the tiers are).
import { LienthongError, type CreateUnit, type UnitRecord, type unitListQuerySchema } from '@lienthong/contracts';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';
import { textSearch } from './like.js';
import { page } from './page.js';

const unitSelect = {
  id: true,
  code: true,
  name: true,
  tierLevel: true,
  parentId: true,
  path: true,
  tier: { select: { name: true } },
} as const satisfies Prisma.UnitSelect;

type UnitRow = Prisma.UnitGetPayload<{ select: typeof unitSelect }>;
const toRecord = ({ tier, ...u }: UnitRow): UnitRecord => ({ ...u, tierName: tier.name });

export async function findUnit(prisma: Prisma.TransactionClient, id: string): Promise<UnitRecord | null> {
  const row = await prisma.unit.findUnique({ where: { id }, select: unitSelect });
  return row && toRecord(row);
}

export async function requireUnit(prisma: Prisma.TransactionClient, id: string, what = 'unit'): Promise<UnitRecord> {
  const unit = await findUnit(prisma, id);
  if (!unit) throw new LienthongError('NOT_FOUND', `No ${what} ${id}`);
  return unit;
}

export function listUnits(prisma: Prisma.TransactionClient, root: string, q: z.output<typeof unitListQuerySchema>) {
  const where: Prisma.UnitWhereInput = {
    AND: [
      unitSubtreeWhere(root),
      q.parentId ? { parentId: q.parentId } : {},
      q.tierLevel !== undefined ? { tierLevel: q.tierLevel } : {},
      textSearch(['code', 'name'], q.q),
    ],
  };
  return page(
    q,
    () => prisma.unit.count({ where }),
    async (w) => (await prisma.unit.findMany({ where, orderBy: { path: 'asc' }, select: unitSelect, ...w })).map(toRecord),
  );
}

/** A new unit one tier below its parent; the tier must exist (tiers are configured, not invented). */
export async function createUnit(prisma: Prisma.TransactionClient, input: CreateUnit, parent: UnitRecord): Promise<UnitRecord> {
  const tierLevel = parent.tierLevel + 1;
  if (!(await prisma.tier.findUnique({ where: { level: tierLevel } }))) {
    throw new LienthongError('CONFLICT', `No tier ${tierLevel} below ${parent.code}: the tree is only ${tierLevel} tiers deep`);
  }
  await requireFreeCode(prisma, input.code);
  const row = await prisma.unit.create({
    data: { code: input.code, name: input.name, tierLevel, parentId: parent.id, path: `${parent.path}${input.code}/` },
    select: unitSelect,
  });
  return toRecord(row);
}

export async function renameUnit(prisma: Prisma.TransactionClient, id: string, name: string): Promise<UnitRecord> {
  return toRecord(await prisma.unit.update({ where: { id }, data: { name }, select: unitSelect }));
}

async function requireFreeCode(prisma: Prisma.TransactionClient, code: string): Promise<void> {
  if (await prisma.unit.findUnique({ where: { code }, select: { id: true } })) {
    throw new LienthongError('CONFLICT', `A unit with code ${code} already exists`, [{ path: ['code'], message: 'taken' }]);
  }
}

export const listTiers = (prisma: Prisma.TransactionClient) =>
  prisma.tier.findMany({ orderBy: { level: 'asc' }, select: { level: true, name: true } });
