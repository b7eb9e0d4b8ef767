// People who log in, each scoped to a unit.
import { LienthongError, type CreatePerson, type PersonRecord, type personListQuerySchema } from '@lienthong/contracts';
import type { z } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import type { Prisma } from '../generated/prisma/client.js';
import { unitSubtreeWhere } from './conferences.js';
import { textSearch } from './like.js';
import { page } from './page.js';

const personSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  unitId: true,
  siteId: true,
  passwordHash: true,
  passwordMustChange: true,
  unit: { select: { path: true, name: true } },
  site: { select: { name: true } },
} as const satisfies Prisma.PersonSelect;

export type PersonWithPath = PersonRecord & { unitPath: string };
type PersonRow = Prisma.PersonGetPayload<{ select: typeof personSelect }>;
// The hash never leaves this module.
const toRecord = ({ unit, site, passwordHash, passwordMustChange, ...p }: PersonRow): PersonWithPath => ({
  ...p,
  unitName: unit.name,
  siteName: site?.name ?? null,
  canLogIn: passwordHash !== null,
  mustChangePassword: passwordHash !== null && passwordMustChange,
  unitPath: unit.path,
});

export async function findPerson(prisma: Prisma.TransactionClient, id: string): Promise<PersonWithPath | null> {
  const row = await prisma.person.findUnique({ where: { id }, select: personSelect });
  return row && toRecord(row);
}

/** The person and stored hash for a login attempt. */
export async function findLogin(prisma: Prisma.TransactionClient, username: string) {
  const row = await prisma.person.findUnique({ where: { username }, select: personSelect });
  return row && { person: toRecord(row), passwordHash: row.passwordHash };
}

export function listPeople(prisma: Prisma.TransactionClient, root: string, q: z.output<typeof personListQuerySchema>) {
  const where: Prisma.PersonWhereInput = {
    AND: [{ unit: unitSubtreeWhere(root) }, q.role ? { role: q.role } : {}, textSearch(['username', 'displayName'], q.q)],
  };
  return page(
    q,
    () => prisma.person.count({ where }),
    async (w) =>
      (await prisma.person.findMany({ where, orderBy: { username: 'asc' }, select: personSelect, ...w })).map(toRecord),
  );
}

/** `input.passwordIsTemporary`: the creator's choice, already defaulted by the route. */
export async function createPerson(prisma: Prisma.TransactionClient, input: CreatePerson): Promise<PersonWithPath> {
  if (await prisma.person.findUnique({ where: { username: input.username }, select: { id: true } })) {
    throw new LienthongError('CONFLICT', `The username ${input.username} is taken`, [{ path: ['username'], message: 'taken' }]);
  }
  const row = await prisma.person.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      unitId: input.unitId,
      siteId: input.siteId ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      passwordMustChange: Boolean(input.password && input.passwordIsTemporary),
    },
    select: personSelect,
  });
  return toRecord(row);
}

export async function updatePerson(
  prisma: Prisma.TransactionClient,
  id: string,
  change: { displayName?: string; password?: string; passwordIsTemporary?: boolean },
): Promise<PersonWithPath> {
  const row = await prisma.person.update({
    where: { id },
    data: {
      ...(change.displayName ? { displayName: change.displayName } : {}),
      ...(change.password ? { passwordHash: await hashPassword(change.password), passwordMustChange: Boolean(change.passwordIsTemporary) } : {}),
    },
    select: personSelect,
  });
  return toRecord(row);
}

/** A new role (and the site of a site operator; nobody else keeps one). */
export async function changeRole(prisma: Prisma.TransactionClient, id: string, role: PersonRecord['role'], siteId: string | null): Promise<PersonWithPath> {
  return toRecord(await prisma.person.update({ where: { id }, data: { role, siteId }, select: personSelect }));
}

/** No password: the person cannot sign in until an operator draws a new one. */
export async function clearPassword(prisma: Prisma.TransactionClient, id: string): Promise<PersonWithPath> {
  return toRecord(await prisma.person.update({ where: { id }, data: { passwordHash: null }, select: personSelect }));
}
