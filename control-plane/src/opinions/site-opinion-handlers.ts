import type { Handlers, opinionSiteRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { OpinionService } from './opinion-service.js';

/** The socket.io room of one site's sockets following its own opinions. */
export const siteOpinionRoomName = (conferenceId: string, siteId: string) => `site-opinions:${conferenceId}:${siteId}`;
/** The socket.io room of the hall's sockets showing the chair's screen. */
export const hallOpinionRoomName = (conferenceId: string) => `hall-opinions:${conferenceId}`;

interface SiteJoin {
  conference: { id: string; originSiteId: string };
  site: { id: string };
}

/** The /site gateway's opinion messages: a site's token names its conference and site, so it sends for itself only. */
export function siteOpinionHandlers(opinions: OpinionService): Handlers<typeof opinionSiteRequests, { socket: Socket; join: SiteJoin }> {
  return {
    async opinions(_request, { socket, join }) {
      const isHall = join.site.id === join.conference.originSiteId;
      await socket.join([siteOpinionRoomName(join.conference.id, join.site.id), ...(isHall ? [hallOpinionRoomName(join.conference.id)] : [])]);
      return opinions.forSite(join.conference.id, join.site.id, isHall);
    },
    sendOpinion: (request, { join }) => opinions.send(join.conference.id, join.site.id, request),
  };
}
