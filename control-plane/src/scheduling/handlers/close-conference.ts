import type { JobHandler } from '../job-handler.js';

/** Ends the conference at its scheduled end, unless it was rescheduled, cancelled or ended since. */
export const closeConference: JobHandler<'close-conference'> = async ({ db, logger, endings }, { conferenceId, at }) => {
  const { count } = await db.prisma.conference.updateMany({
    where: { id: conferenceId, status: { in: ['scheduled', 'open', 'live'] }, scheduledEnd: new Date(at) },
    data: { status: 'ended' },
  });
  logger.info({ conferenceId, at, closed: count === 1 }, count ? 'conference ended' : 'stale close job ignored');
  if (count) await endings?.announce([conferenceId]);
};
