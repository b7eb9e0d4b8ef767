import type { JobHandler } from '../job-handler.js';

/** Makes a conference's minutes (PDF and DOCX) from what is stored about it. */
export const makeMinutes: JobHandler<'make-minutes'> = async ({ minutes, logger }, { conferenceId, requestedAt }) => {
  if (!minutes) return logger.warn({ conferenceId }, 'minutes job on a queue without minutes: skipped');
  await minutes.make(conferenceId, new Date(requestedAt));
};
