import { LienthongError, type Handlers, type opinionConsoleRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import { covers, type Actor } from '../auth/scope.js';
import type { Database } from '../db/database.js';
import type { OpinionService } from './opinion-service.js';

/** The socket.io room of the consoles following one conference's opinions. */
export const opinionRoomName = (conferenceId: string) => `opinions:${conferenceId}`;

/**
 * The /console gateway's opinion messages, after the gateway's own access check (`rootFor`). The
 * queue is the secretariat's: operators whose scope covers the host, not those the conference
 * only reaches into (they read their own sites' opinions over REST).
 */
export function consoleOpinionHandlers(
  db: Database,
  opinions: OpinionService,
): Handlers<typeof opinionConsoleRequests, { socket: Socket; actor: Actor; rootFor(conferenceId: string): Promise<string> }> {
  return {
    async watchOpinions({ conferenceId }, { socket, actor, rootFor }) {
      await rootFor(conferenceId);
      const host = await db.prisma.conference.findUniqueOrThrow({ where: { id: conferenceId }, select: { hostUnit: { select: { path: true } } } });
      if (!covers(actor, host.hostUnit.path)) throw new LienthongError('FORBIDDEN', "Only the host's secretariat follows the opinions' queue");
      await socket.join(opinionRoomName(conferenceId));
      return opinions.list(conferenceId);
    },
  };
}
