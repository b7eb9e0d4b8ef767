import type { JobHandler } from '../job-handler.js';

/** Opens the conference for sites to join, unless it was rescheduled or cancelled since. */
export const openConference: JobHandler<'open-conference'> = async ({ db, logger }, { conferenceId, at }) => {
  const { count } = await db.prisma.conference.updateMany({
    where: { id: conferenceId, status: 'scheduled', scheduledStart: new Date(at) },
    data: { status: 'open' },
  });
  logger.info({ conferenceId, at, opened: count === 1 }, count ? 'conference opened' : 'stale open job ignored');
};
