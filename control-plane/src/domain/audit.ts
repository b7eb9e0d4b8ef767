// The audit trail: who did what, when, from where. Written in the same transaction as the change
// it describes, so a change without its entry (or the reverse) cannot exist.
import type { z } from 'zod';
import type { auditListQuerySchema, AuditEntryRecord } from '@lienthong/contracts';
import type { Actor } from '../auth/scope.js';
import { Prisma } from '../generated/prisma/client.js';
import { escapeLike, textSearch } from './like.js';

export interface AuditInput {
  /** A person, or a token-only actor such as a site (`{ claims: { sub: siteId, role: 'site' } }`). */
  actor: Pick<Actor, 'ip'> & { claims: { sub: string; role: string } };
  action: string;
  resourceId?: string | null;
  unitPath?: string | null;
  outcome: 'done' | 'denied';
  details?: unknown;
}

export async function recordAudit(prisma: Prisma.TransactionClient, entry: AuditInput): Promise<void> {
  await prisma.auditEntry.create({
    data: {
      actorId: entry.actor.claims.sub,
      actorRole: entry.actor.claims.role,
      action: entry.action,
      // "units.create" -> "units": the resource kind is the endpoint's family.
      resourceType: entry.action.split('.')[0]!,
      resourceId: entry.resourceId ?? null,
      unitPath: entry.unitPath ?? null,
      outcome: entry.outcome,
      ip: entry.actor.ip,
      details: entry.details === undefined ? Prisma.DbNull : (entry.details as Prisma.InputJsonValue),
    },
  });
}

/** Entries about the subtree at `root` (entries without a unit are a system admin's, root "/"). */
export async function listAudit(prisma: Prisma.TransactionClient, root: string, q: z.output<typeof auditListQuerySchema>) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(root === '/' ? {} : { unitPath: { startsWith: escapeLike(root) } }),
    ...(q.action ? { action: q.action } : {}),
    ...(q.resourceType ? { resourceType: q.resourceType } : {}),
    ...(q.resourceId ? { resourceId: q.resourceId } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...textSearch(['actorId', 'action'], q.q),
  };
  const [total, rows] = await Promise.all([
    prisma.auditEntry.count({ where }),
    prisma.auditEntry.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit }),
  ]);
  const items: AuditEntryRecord[] = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  return { items, total, limit: q.limit, offset: q.offset };
}
