import { LienthongError, type ConsoleEvent, type ConsoleEventName, type ConsoleRequests, type Handlers } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { Actor } from '../auth/scope.js';
import type { Database } from '../db/database.js';
import { unitAncestorCodes } from '../domain/conferences.js';
import type { ConferenceRoom } from '../live/conference-room.js';
import type { PreviewOutput } from '../live/room-previews.js';
import type { RoomDirectory } from '../live/room-directory.js';

export interface PreviewCtx {
  socket: Socket;
  actor: Actor;
  /** The conference's subtree root this console sees (checked when it opened or watched). */
  rootFor(conferenceId: string): Promise<string>;
  /** The conferences whose previews this socket opened, closed when it goes. */
  previewing: Set<string>;
  /** Runs this socket's preview requests one after another (a close then an open must not interleave). */
  serial<T>(work: () => Promise<T>): Promise<T>;
}

type PreviewRequests = Pick<
  ConsoleRequests,
  'openPreviews' | 'createPreviewTransport' | 'connectPreviewTransport' | 'setPreviews' | 'resumePreview' | 'closePreviews'
>;

const liveStatuses = new Set(['open', 'live']);

/** A console's thumbnails reach it as socket events; the socket's id names its viewer in the room. */
function outputTo(socket: Socket, conferenceId: string): PreviewOutput {
  const emit = <K extends ConsoleEventName>(event: K, payload: ConsoleEvent<K>) => socket.emit(event, payload);
  return {
    started: (siteId, consumer) => emit('previewStarted', { conferenceId, siteId, consumer }),
    stopped: (siteId) => emit('previewStopped', { conferenceId, siteId }),
    lost: () => emit('previewsLost', { conferenceId }),
  };
}

/**
 * The console's on-demand thumbnails, served by the conference's live room on this replica. A
 * console may preview only sites of its own subtree; which ones it shows is its business.
 */
export function previewHandlers(deps: { db: Database; rooms: RoomDirectory }): Handlers<PreviewRequests, PreviewCtx> {
  const { db, rooms } = deps;

  /** The room, opened if no site is in it yet (its origin is the conference's hall in the host unit). */
  const liveRoom = async (conferenceId: string): Promise<ConferenceRoom> => {
    const existing = rooms.find(conferenceId);
    if (existing) return existing;
    const conference = await db.prisma.conference.findUnique({
      where: { id: conferenceId },
      select: { status: true, originSiteId: true, hostUnit: { select: { path: true } } },
    });
    if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${conferenceId}`);
    if (!liveStatuses.has(conference.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${conference.status}`);
    return rooms.roomFor(conferenceId, { siteId: conference.originSiteId, ancestry: unitAncestorCodes(conference.hostUnit.path) });
  };
  const openRoom = (conferenceId: string, ctx: PreviewCtx): ConferenceRoom => {
    const room = rooms.find(conferenceId);
    if (!room || !ctx.previewing.has(conferenceId)) throw new LienthongError('CONFLICT', 'Open the previews first');
    return room;
  };

  return {
    openPreviews: ({ conferenceId }, ctx) =>
      ctx.serial(async () => {
        await ctx.rootFor(conferenceId);
        const room = await liveRoom(conferenceId);
        try {
          const routerRtpCapabilities = await room.previews.open(ctx.socket.id, unitAncestorCodes(ctx.actor.unitPath), outputTo(ctx.socket, conferenceId));
          // The room may have been released by its last site leaving just before the viewer counted.
          if (rooms.find(conferenceId) !== room) throw new LienthongError('CONFLICT', 'The conference room closed meanwhile: open the previews again');
          ctx.previewing.add(conferenceId);
          return { routerRtpCapabilities };
        } catch (err) {
          await closePreviews(rooms, conferenceId, ctx.socket.id);
          throw err;
        }
      }),
    createPreviewTransport: ({ conferenceId, rtpCapabilities }, ctx) =>
      ctx.serial(() => openRoom(conferenceId, ctx).previews.createTransport(ctx.socket.id, rtpCapabilities)),
    connectPreviewTransport: ({ conferenceId, dtlsParameters }, ctx) =>
      ctx.serial(async () => {
        await openRoom(conferenceId, ctx).previews.connectTransport(ctx.socket.id, dtlsParameters);
        return {};
      }),
    setPreviews: ({ conferenceId, siteIds }, ctx) =>
      ctx.serial(async () => {
        const room = openRoom(conferenceId, ctx);
        const root = await ctx.rootFor(conferenceId);
        const inScope = siteIds.length
          ? await db.prisma.site.findMany({ where: { id: { in: siteIds }, unit: { path: { startsWith: root } } }, select: { id: true } })
          : [];
        const allowed = new Set(inScope.map((s) => s.id));
        // In the console's order: the first tiles on its screen are the first served.
        const accepted = [...new Set(siteIds)].filter((id) => allowed.has(id));
        room.previews.want(ctx.socket.id, accepted);
        return { siteIds: accepted };
      }),
    resumePreview: ({ conferenceId, consumerId }, ctx) =>
      ctx.serial(async () => {
        await openRoom(conferenceId, ctx).previews.resume(ctx.socket.id, consumerId);
        return {};
      }),
    closePreviews: ({ conferenceId }, ctx) =>
      ctx.serial(async () => {
        ctx.previewing.delete(conferenceId);
        await closePreviews(rooms, conferenceId, ctx.socket.id);
        return {};
      }),
  };
}

/** Closes one console's previews of a conference; a room left with nobody goes. */
export async function closePreviews(rooms: RoomDirectory, conferenceId: string, viewerId: string): Promise<void> {
  const room = rooms.find(conferenceId);
  if (!room) return;
  await room.previews.close(viewerId);
  await rooms.releaseIfEmpty(conferenceId);
}
