// What the control plane needs to know when a site asks to join a conference.
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';

const uuid = z.guid();

export async function findJoinContext(
  prisma: Prisma.TransactionClient,
  ids: { siteId: string; conferenceId: string },
) {
  // Ids come from tokens and URLs: one that cannot be a uuid is unknown, not a database error.
  if (!uuid.safeParse(ids.siteId).success || !uuid.safeParse(ids.conferenceId).success) return null;

  const [site, conference, participant] = await Promise.all([
    prisma.site.findUnique({
      where: { id: ids.siteId },
      select: {
        id: true,
        code: true,
        name: true,
        unit: { select: { id: true, code: true, name: true, tierLevel: true, path: true } },
      },
    }),
    prisma.conference.findUnique({
      where: { id: ids.conferenceId },
      select: {
        id: true,
        title: true,
        status: true,
        scheduledStart: true,
        scheduledEnd: true,
        originSiteId: true,
        agenda: true,
        hostUnit: { select: { id: true, code: true, name: true, path: true } },
      },
    }),
    prisma.conferenceSite.findUnique({
      where: { conferenceId_siteId: { conferenceId: ids.conferenceId, siteId: ids.siteId } },
      select: { siteId: true },
    }),
  ]);
  if (!site || !conference) return null;
  return { site, conference, isParticipant: participant !== null };
}

export type JoinContext = NonNullable<Awaited<ReturnType<typeof findJoinContext>>>;
