import type { Handlers, voteConsoleRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { VoteService } from './vote-service.js';

/** The socket.io room of the consoles following one conference's votes. */
export const voteRoomName = (conferenceId: string) => `votes:${conferenceId}`;

/** The /console gateway's vote messages, after the gateway's own access check (`rootFor`). */
export function consoleVoteHandlers(
  votes: VoteService,
): Handlers<typeof voteConsoleRequests, { socket: Socket; rootFor(conferenceId: string): Promise<string> }> {
  return {
    async watchVotes({ conferenceId }, { socket, rootFor }) {
      await rootFor(conferenceId);
      await socket.join(voteRoomName(conferenceId));
      return votes.list(conferenceId);
    },
  };
}
