// Sites as operators manage them (sites.ts holds what a joining site needs).
import { LienthongError, type CreateSite, type SiteRecord, type siteListQuerySchema } from '@lienthong/contracts';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';
import { textSearch } from './like.js';
import { page } from './page.js';

const siteSelect = {
  id: true,
  code: true,
  name: true,
  unitId: true,
  address: true,
  delegateCapacity: true,
  linkProfile: true,
  contact: true,
  unit: { select: { path: true } },
} as const satisfies Prisma.SiteSelect;

export type SiteWithPath = SiteRecord & { unitPath: string };
const toRecord = ({ unit, ...s }: Prisma.SiteGetPayload<{ select: typeof siteSelect }>): SiteWithPath => ({
  ...s,
  unitPath: unit.path,
});

export async function findSite(prisma: Prisma.TransactionClient, id: string): Promise<SiteWithPath | null> {
  const row = await prisma.site.findUnique({ where: { id }, select: siteSelect });
  return row && toRecord(row);
}

export async function requireSite(prisma: Prisma.TransactionClient, id: string): Promise<SiteWithPath> {
  const site = await findSite(prisma, id);
  if (!site) throw new LienthongError('NOT_FOUND', `No site ${id}`);
  return site;
}

export function listSites(prisma: Prisma.TransactionClient, root: string, q: z.output<typeof siteListQuerySchema>) {
  const where: Prisma.SiteWhereInput = {
    AND: [
      { unit: unitSubtreeWhere(root) },
      q.unitId ? { unitId: q.unitId } : {},
      q.linkProfile ? { linkProfile: q.linkProfile } : {},
      textSearch(['code', 'name'], q.q),
    ],
  };
  return page(
    q,
    () => prisma.site.count({ where }),
    async (w) =>
      (await prisma.site.findMany({ where, orderBy: { code: 'asc' }, select: siteSelect, ...w })).map(toRecord),
  );
}

export async function createSite(prisma: Prisma.TransactionClient, input: CreateSite): Promise<SiteWithPath> {
  if (await prisma.site.findUnique({ where: { code: input.code }, select: { id: true } })) {
    throw new LienthongError('CONFLICT', `A site with code ${input.code} already exists`, [{ path: ['code'], message: 'taken' }]);
  }
  return toRecord(await prisma.site.create({ data: input, select: siteSelect }));
}

export async function updateSite(
  prisma: Prisma.TransactionClient,
  id: string,
  change: Partial<Omit<CreateSite, 'code'>>,
): Promise<SiteWithPath> {
  return toRecord(await prisma.site.update({ where: { id }, data: change, select: siteSelect }));
}
