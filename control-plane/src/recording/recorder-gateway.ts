import { LienthongError, namespaces, recorderEvents, recorderRequests, recorderTapFeatures, serveMessages, type Handlers, type ProgramTrack, type RecorderRequests } from '@lienthong/contracts';
import type { Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { ProgramFeed } from '../live/program-feed.js';
import type { RoomDirectory } from '../live/room-directory.js';
import type { Logger } from '../logger.js';
import { tokenMiddleware } from '../signaling/token-middleware.js';
import { ProgramTap } from './program-tap.js';
import { applyRecorderReport, stopRequested } from './recording-records.js';

interface OpenTap {
  tap: ProgramTap;
  stopFollowing: () => void;
}

interface RecorderCtx {
  socket: Socket;
  recorderId: string;
  taps: Map<string, OpenTap>;
}

const finishedConference = new Set(['ended', 'cancelled']);

/**
 * The /recorder namespace: recorder processes (recorder token) ask what a recording should do,
 * open taps of the program, and report their recordings, whose rows this side keeps. A recorder
 * that disconnects (crashed) leaves no tap behind.
 */
export function attachRecorderGateway(
  io: Server,
  deps: { tokens: TokenService; db: Database; rooms: RoomDirectory; programs: ProgramFeed; fleet: NodeRegistry; logger: Logger },
) {
  const { db, rooms, programs, fleet } = deps;
  const logger = deps.logger.child({ gateway: 'recorder' });
  const nsp = io.of(namespaces.recorder);
  nsp.use(tokenMiddleware(deps.tokens, 'recorder', async (claims) => ({ recorderId: claims.sub }), logger));

  async function recordingOf(recordingId: string) {
    const row = await db.prisma.recording.findUnique({
      where: { id: recordingId },
      include: { conference: { select: { title: true, status: true, agenda: true } } },
    });
    if (!row) throw new LienthongError('NOT_FOUND', `No recording ${recordingId}`);
    return row;
  }

  const tapOf = (ctx: RecorderCtx, tapId: string) => {
    const open = ctx.taps.get(tapId);
    if (!open) throw new LienthongError('NOT_FOUND', `No tap ${tapId} on this connection`);
    return open.tap;
  };

  const closeTap = async (ctx: RecorderCtx, tapId: string) => {
    const open = ctx.taps.get(tapId);
    if (!open) return;
    ctx.taps.delete(tapId);
    open.stopFollowing();
    await open.tap.close();
  };

  const handlers: Handlers<RecorderRequests, RecorderCtx> = {
    async recordingState({ recordingId }) {
      const row = await recordingOf(recordingId);
      const active = row.status === 'pending' || row.status === 'recording';
      return {
        recordingId,
        conferenceId: row.conferenceId,
        conferenceTitle: row.conference.title,
        conferenceStatus: row.conference.status,
        finish: !active || stopRequested(row) || finishedConference.has(row.conference.status),
        program: await rooms.readLive(row.conferenceId, (room) => room.programTracks(), []),
        agenda: row.conference.agenda,
      };
    },

    async openTap({ recordingId, features: stated, ...ports }, ctx) {
      const row = await recordingOf(recordingId);
      const room = await rooms.live(row.conferenceId);
      if (!room) throw new LienthongError('CONFLICT', 'The conference has no live room');
      // What this recorder supports (an older one states nothing: camera and sound only).
      const features = recorderTapFeatures({ features: stated, presentation: ports.presentation });
      const tap = await ProgramTap.open(room, fleet, ports, features);
      const follow = (program: ProgramTrack[]) => ctx.socket.emit('programChanged', recorderEvents.programChanged.parse({ recordingId, program }));
      ctx.taps.set(tap.id, { tap, stopFollowing: programs.follow(row.conferenceId, follow) });
      logger.info({ recorderId: ctx.recorderId, recordingId, tapId: tap.id, tracks: tap.tracks.map((t) => t.kind), features }, 'program tap opened');
      return { tapId: tap.id, tracks: tap.tracks, features };
    },

    async startTap({ tapId }, ctx) {
      await tapOf(ctx, tapId).start();
      return {};
    },

    async requestKeyFrame({ tapId }, ctx) {
      await tapOf(ctx, tapId).requestKeyFrame();
      return {};
    },

    async closeTap({ tapId }, ctx) {
      await closeTap(ctx, tapId);
      return {};
    },

    // The recorder keeps its own token fresh (contracts' RenewingToken): the same name, a new expiry.
    async renewToken(_, ctx) {
      logger.info({ recorderId: ctx.recorderId }, 'recorder token renewed');
      return { token: await deps.tokens.signRecorder({ sub: ctx.recorderId }) };
    },

    async reportRecording(report, ctx) {
      const row = await db.prisma.$transaction((tx) => applyRecorderReport(tx, report));
      logger.info({ recorderId: ctx.recorderId, recordingId: row.id, status: row.status, durationSec: row.durationSec }, 'recording reported');
      return {};
    },
  };

  nsp.on('connection', (socket) => {
    const ctx: RecorderCtx = { socket, recorderId: (socket.data as { recorderId: string }).recorderId, taps: new Map() };
    logger.info({ recorderId: ctx.recorderId }, 'recorder connected');
    serveMessages(socket, recorderRequests, handlers, ctx, {
      onError: (event, error) => logger.warn({ recorderId: ctx.recorderId, event, error }, 'recorder message refused'),
    });
    socket.on('disconnect', (reason) => {
      logger.info({ recorderId: ctx.recorderId, reason, taps: ctx.taps.size }, 'recorder disconnected');
      for (const tapId of [...ctx.taps.keys()]) void closeTap(ctx, tapId);
    });
  });
}
