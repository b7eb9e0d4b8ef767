import { conferenceTransitions, statusesAllowing } from '@lienthong/contracts';
import type { JobHandler } from '../job-handler.js';

/** Opens the conference for sites to join (and records it if it is to be recorded), unless it was rescheduled or cancelled since. */
export const openConference: JobHandler<'open-conference'> = async ({ db, logger, recordings }, { conferenceId, at }) => {
  const { count } = await db.prisma.conference.updateMany({
    where: { id: conferenceId, status: { in: statusesAllowing('open') }, scheduledStart: new Date(at) },
    data: { status: conferenceTransitions.open.to },
  });
  logger.info({ conferenceId, at, opened: count === 1 }, count ? 'conference opened' : 'stale open job ignored');
  if (count) await recordings?.conferenceOpened(conferenceId);
};
