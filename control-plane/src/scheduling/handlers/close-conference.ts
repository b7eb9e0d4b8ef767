import { conferenceTransitions, statusesAllowing } from '@lienthong/contracts';
import type { JobHandler } from '../job-handler.js';

/**
 * Ends the conference at its scheduled end, unless it was rescheduled, cancelled or ended since.
 * An attempt that ended it but died before telling anyone (its replica was killed, or lost Redis
 * as it announced) is recognised on the retry, wherever that runs, by the end it wrote (`endedAt`
 * is this job's instant; an operator's end is the moment of the click), and the telling is done
 * then: the announcement and the minutes request are both safe to repeat.
 */
export const closeConference: JobHandler<'close-conference'> = async ({ db, logger, endings, minutes }, { conferenceId, at }) => {
  const end = new Date(at);
  const { count } = await db.prisma.conference.updateMany({
    where: { id: conferenceId, status: { in: statusesAllowing('end') }, scheduledEnd: end },
    data: { status: conferenceTransitions.end.to, endedAt: end },
  });
  const endedEarlier = count === 0 && (await db.prisma.conference.count({ where: { id: conferenceId, status: conferenceTransitions.end.to, endedAt: end } })) === 1;
  if (count === 0 && !endedEarlier) {
    logger.info({ conferenceId, at }, 'stale close job ignored');
    return;
  }
  logger.info({ conferenceId, at, retried: endedEarlier }, endedEarlier ? 'conference ended by an earlier attempt: telling it again' : 'conference ended');
  await endings?.announce([conferenceId]);
  await minutes?.conferencesEnded([conferenceId]);
};
