import { LienthongError, type ConsoleRequests, type Handlers, isJoinable } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { Actor } from '../auth/scope.js';
import type { Database } from '../db/database.js';
import { unitAncestorCodes } from '../domain/conferences.js';
import type { RoomHandle } from '../live/ownership/room-handle.js';
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


/**
 * The console's on-demand thumbnails, served by the conference's live room (on its owner replica). A
 * console may preview only sites of its own subtree; which ones it shows is its business.
 */
export function previewHandlers(deps: { db: Database; rooms: RoomDirectory }): Handlers<PreviewRequests, PreviewCtx> {
  const { db, rooms } = deps;

  /** The room, opened if no site is in it yet (its origin is the conference's hall in the host unit). */
  const liveRoom = async (conferenceId: string): Promise<RoomHandle> => {
    const conference = await db.prisma.conference.findUnique({
      where: { id: conferenceId },
      select: { status: true, originSiteId: true, hostUnit: { select: { path: true } } },
    });
    if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${conferenceId}`);
    if (!isJoinable(conference.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${conference.status}`);
    return rooms.handle(conferenceId, { siteId: conference.originSiteId, ancestry: unitAncestorCodes(conference.hostUnit.path) });
  };
  const openRoom = (conferenceId: string, ctx: PreviewCtx): RoomHandle => {
    if (!ctx.previewing.has(conferenceId)) throw new LienthongError('CONFLICT', 'Open the previews first');
    return rooms.handle(conferenceId);
  };

  return {
    openPreviews: ({ conferenceId }, ctx) =>
      ctx.serial(async () => {
        await ctx.rootFor(conferenceId);
        const room = await liveRoom(conferenceId);
        try {
          const routerRtpCapabilities = await room.openPreviews(ctx.socket.id, unitAncestorCodes(ctx.actor.unitPath));
          // The room may have been released by its last site leaving just before the viewer counted.
          if (!(await rooms.handle(conferenceId).hasViewer(ctx.socket.id).catch(() => false))) throw new LienthongError('CONFLICT', 'The conference room closed meanwhile: open the previews again');
          ctx.previewing.add(conferenceId);
          return { routerRtpCapabilities };
        } catch (err) {
          await closePreviews(rooms, conferenceId, ctx.socket.id);
          throw err;
        }
      }),
    createPreviewTransport: ({ conferenceId, rtpCapabilities }, ctx) =>
      ctx.serial(() => openRoom(conferenceId, ctx).createPreviewTransport(ctx.socket.id, rtpCapabilities)),
    connectPreviewTransport: ({ conferenceId, dtlsParameters }, ctx) =>
      ctx.serial(async () => {
        await openRoom(conferenceId, ctx).connectPreviewTransport(ctx.socket.id, dtlsParameters);
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
        await room.wantPreviews(ctx.socket.id, accepted);
        return { siteIds: accepted };
      }),
    resumePreview: ({ conferenceId, consumerId }, ctx) =>
      ctx.serial(async () => {
        await openRoom(conferenceId, ctx).resumePreview(ctx.socket.id, consumerId);
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

/** Closes one console's previews of a conference; a room left with nobody goes (its owner sees to it). */
export async function closePreviews(rooms: RoomDirectory, conferenceId: string, viewerId: string): Promise<void> {
  await rooms
    .handle(conferenceId)
    .closePreviews(viewerId)
    .catch((err: unknown) => {
      if (!(err instanceof LienthongError && err.code === 'CONFLICT')) throw err; // no live room: nothing to close
    });
}
