import type { Handlers, voteSiteRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { VoteService } from './vote-service.js';

/** The socket.io room of the sites following one conference's votes (those on the device check too). */
export const siteVoteRoomName = (conferenceId: string) => `site-votes:${conferenceId}`;

/** The /site gateway's vote messages: a site's token names its conference and site. */
export function siteVoteHandlers(
  votes: VoteService,
): Handlers<typeof voteSiteRequests, { socket: Socket; join: { conference: { id: string }; site: { id: string } } }> {
  return {
    async votes(_request, { socket, join }) {
      await socket.join(siteVoteRoomName(join.conference.id));
      return votes.forSite(join.conference.id, join.site.id);
    },
    enterVote: ({ voteId, counts }, { join }) => votes.enter(join.conference.id, join.site.id, voteId, counts),
  };
}
