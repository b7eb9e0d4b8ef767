import {
  LienthongError,
  namespaces,
  serveMessages,
  siteRequests,
  type Handlers,
  type SessionEndReason,
  type ConferenceNotOpenDetails,
  type SiteEvent,
  type SiteRequests,
  type SiteWelcome,
} from '@lienthong/contracts';
import type { Namespace, Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { unitAncestorCodes } from '../domain/conferences.js';
import { closeInterval, openInterval, reportDelegates } from '../domain/attendance.js';
import { findJoinContext } from '../domain/sites.js';
import { publicDocuments } from '../domain/documents.js';
import type { DocumentPublisher } from '../documents/document-publisher.js';
import type { SiteActivity } from '../health/health-publisher.js';
import type { RoomDirectory } from '../live/room-directory.js';
import type { Logger } from '../logger.js';
import type { MetricEvents } from '../metrics/metric-events.js';
import { tokenMiddleware } from './token-middleware.js';

type JoinContext = NonNullable<Awaited<ReturnType<typeof findJoinContext>>>;
interface SiteSocketData {
  join: JoinContext;
}
interface SiteCtx {
  socket: Socket;
  join: JoinContext;
  attendance: SessionAttendance;
}

/**
 * A session's attendance: one interval from its first join until its socket goes (a site on
 * the device check has not joined and is not counted). Failing to record it is logged, never a
 * reason to turn the site away.
 */
class SessionAttendance {
  private interval: Promise<string | null> | null = null;
  constructor(
    private readonly db: Database,
    private readonly conferenceId: string,
    private readonly siteId: string,
    private readonly log: Logger,
  ) {}

  joined(delegates: number | null): void {
    this.interval ??= openInterval(this.db.prisma, this.conferenceId, this.siteId).catch((err: unknown) => {
      this.log.warn({ err }, 'could not record attendance');
      return null;
    });
    if (delegates !== null)
      void reportDelegates(this.db.prisma, this.conferenceId, this.siteId, delegates).catch((err: unknown) =>
        this.log.warn({ err }, 'could not record the delegates'),
      );
  }

  left(): void {
    void this.interval
      ?.then((id) => (id === null ? undefined : closeInterval(this.db.prisma, id)))
      .catch((err: unknown) => this.log.warn({ err }, 'could not close attendance'));
  }
}

const joinableStatuses = new Set(['open', 'live']);
/** Where the conference starts: its hall, in the host unit's place in the tree. */
const originOf = (join: JoinContext) => ({
  siteId: join.conference.originSiteId,
  ancestry: unitAncestorCodes(join.conference.hostUnit.path),
});
export const conferenceRoomName = (conferenceId: string) => `conference:${conferenceId}`;

/**
 * Ends a site's session, telling it why first. A namespace-level disconnect (not closing the
 * connection) keeps the packet order, so the reason arrives before the disconnect.
 */
export function endSession(socket: Socket | undefined, reason: SessionEndReason): void {
  if (!socket) return;
  socket.emit('sessionEnded', { reason } satisfies SiteEvent<'sessionEnded'>);
  socket.disconnect();
}

/** The conference and site a token opens, the site's role in it, its agenda and public documents. */
async function welcome(join: JoinContext, db: Database, publisher: DocumentPublisher): Promise<SiteWelcome> {
  return {
    conference: {
      id: join.conference.id,
      title: join.conference.title,
      status: join.conference.status,
      scheduledStart: join.conference.scheduledStart.toISOString(),
      scheduledEnd: join.conference.scheduledEnd.toISOString(),
    },
    site: { id: join.site.id, name: join.site.name, unitName: join.site.unit.name },
    role: join.site.id === join.conference.originSiteId ? 'hall' : 'site',
    agenda: join.conference.agenda,
    documents: await publisher.forSite(await publicDocuments(db.prisma, join.conference.id)),
  };
}

/** The /site namespace: a site's browser, authenticated by a token bound to one site and one conference. */
export function attachSiteGateway(
  io: Server,
  deps: {
    tokens: TokenService;
    db: Database;
    rooms: RoomDirectory;
    documentPublisher: DocumentPublisher;
    logger: Logger;
    health?: SiteActivity;
    metrics?: Pick<MetricEvents, 'siteDisconnected'>;
  },
) {
  const { tokens, db, rooms, documentPublisher, health, metrics } = deps;
  const logger = deps.logger.child({ gateway: 'site' });
  const nsp: Namespace = io.of(namespaces.site);
  const roomOf = (join: JoinContext) => rooms.roomFor(join.conference.id, originOf(join));

  nsp.use(
    tokenMiddleware(
      tokens,
      'site',
      async (claims): Promise<SiteSocketData> => {
        const join = await findJoinContext(db.prisma, { siteId: claims.sub, conferenceId: claims.conf });
        if (!join) throw new LienthongError('NOT_FOUND', 'The site or the conference no longer exists');
        if (!join.isParticipant) throw new LienthongError('FORBIDDEN', 'This site is not invited to this conference');
        if (!joinableStatuses.has(join.conference.status)) {
          const details: ConferenceNotOpenDetails = {
            status: join.conference.status,
            scheduledStart: join.conference.scheduledStart.toISOString(),
            scheduledEnd: join.conference.scheduledEnd.toISOString(),
          };
          throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${join.conference.status}`, undefined, details);
        }
        return { join };
      },
      logger,
    ),
  );

  const handlers: Handlers<SiteRequests, SiteCtx> = {
    hello(_request, { join }) {
      return welcome(join, db, documentPublisher);
    },
    async join({ delegates }, { socket, join, attendance }) {
      // The socket may have waited on the device check while the conference ended.
      const now = await db.prisma.conference.findUnique({ where: { id: join.conference.id }, select: { status: true } });
      if (!now || !joinableStatuses.has(now.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${now?.status ?? 'gone'}`);
      const room = await roomOf(join);
      const greeting = await welcome(join, db, documentPublisher);
      const admitted = await room.admit(
        {
          siteId: join.site.id,
          siteName: join.site.name,
          unitName: join.site.unit.name,
          role: greeting.role,
          unitAncestry: unitAncestorCodes(join.site.unit.path),
          delegates: delegates ?? null,
        },
        socket.id,
      );
      // A site is in a conference once: a reload or second tab takes over from the old session.
      if (admitted.replaced) endSession(nsp.sockets.get(admitted.replaced), 'replaced');
      await socket.join(conferenceRoomName(join.conference.id));
      attendance.joined(delegates ?? null);
      health?.joined(join.conference.id, join.site.id, socket.id, delegates ?? null);
      return {
        ...greeting,
        routerRtpCapabilities: admitted.routerRtpCapabilities,
        program: admitted.program,
        stage: admitted.stage,
        notices: admitted.notices,
      };
    },
    async createTransport(_request, { socket, join }) {
      return (await roomOf(join)).createTransport(join.site.id, socket.id);
    },
    async connectTransport({ transportId, dtlsParameters }, { socket, join }) {
      await (await roomOf(join)).connectTransport(join.site.id, socket.id, transportId, dtlsParameters);
      return {};
    },
    async produce({ transportId, kind, rtpParameters }, { socket, join }) {
      const room = await roomOf(join);
      return { producerId: await room.produce(join.site.id, socket.id, transportId, kind, rtpParameters) };
    },
    async consume({ transportId, producerId, rtpCapabilities }, { socket, join }) {
      return (await roomOf(join)).consume(join.site.id, socket.id, transportId, producerId, rtpCapabilities);
    },
    async resumeConsumer({ consumerId }, { socket, join }) {
      await (await roomOf(join)).resumeConsumer(join.site.id, socket.id, consumerId);
      return {};
    },
    async setConsumerPaused({ consumerId, paused }, { socket, join }) {
      await (await roomOf(join)).setConsumerPaused(join.site.id, socket.id, consumerId, paused);
      return {};
    },
    async setPreferredLayers({ consumerId, ...layers }, { socket, join }) {
      await (await roomOf(join)).setPreferredLayers(join.site.id, socket.id, consumerId, layers);
      return {};
    },
    async restartIce({ transportId }, { socket, join }) {
      return (await roomOf(join)).restartIce(join.site.id, socket.id, transportId);
    },
    async raiseHand({ raised }, { socket, join }) {
      return (await roomOf(join)).raiseHand(join.site.id, socket.id, raised);
    },
    reportHealth(report, { socket, join }) {
      health?.reported(join.conference.id, join.site.id, socket.id, report);
      return {};
    },
  };

  nsp.on('connection', (socket) => {
    const { join } = socket.data as SiteSocketData;
    const log = logger.child({ siteId: join.site.id, conferenceId: join.conference.id });
    log.info('site connected');
    const attendance = new SessionAttendance(db, join.conference.id, join.site.id, log);
    serveMessages(socket, siteRequests, handlers, { socket, join, attendance }, {
      onError: (event, error, cause) => log[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause }, 'request failed'),
    });
    socket.on('disconnect', (reason) => {
      log.info({ reason }, 'site disconnected');
      metrics?.siteDisconnected(reason);
      attendance.left();
      health?.left(join.conference.id, join.site.id, socket.id);
      const room = rooms.find(join.conference.id);
      void room?.leave(join.site.id, socket.id).then(() => rooms.releaseIfEmpty(join.conference.id));
    });
  });

  return nsp;
}
