// The minutes' row per conference: the newest request, and how its job went. Every write names
// the request it is for, so a job that a newer request superseded cannot mark it done or failed.
import type { MinutesHeader, MinutesStatus } from '@lienthong/contracts';
import type { PrismaClient } from '../generated/prisma/client.js';

type MinutesRow = NonNullable<Awaited<ReturnType<PrismaClient['conferenceMinutes']['findUnique']>>>;

export const minutesToWire = (row: MinutesRow): MinutesStatus => ({
  conferenceId: row.conferenceId,
  state: row.state,
  header: row.header,
  requestedAt: row.requestedAt.toISOString(),
  generatedAt: row.generatedAt?.toISOString() ?? null,
  error: row.error,
});

export const findMinutes = (prisma: PrismaClient, conferenceId: string) => prisma.conferenceMinutes.findUnique({ where: { conferenceId } });

/** A new request: queued, replacing the previous one (the header stays as last chosen unless given). */
export function requestMinutes(prisma: PrismaClient, conferenceId: string, r: { requestedAt: Date; requestedBy: string | null; header?: MinutesHeader }) {
  const request = { state: 'queued' as const, requestedAt: r.requestedAt, requestedBy: r.requestedBy, error: null };
  return prisma.conferenceMinutes.upsert({
    where: { conferenceId },
    create: { conferenceId, ...request, header: r.header ?? 'state' },
    update: { ...request, ...(r.header ? { header: r.header } : {}) },
  });
}

/** Moves this request's row on; false when a newer request has replaced it. */
export async function markMinutes(
  prisma: PrismaClient,
  conferenceId: string,
  requestedAt: Date,
  change: { state: 'generating' } | { state: 'ready'; generatedAt: Date } | { state: 'failed'; error: string },
): Promise<boolean> {
  const data = change.state === 'ready' ? { ...change, error: null } : change;
  const { count } = await prisma.conferenceMinutes.updateMany({ where: { conferenceId, requestedAt }, data });
  return count === 1;
}
