import {
  LienthongError,
  namespaces,
  serveMessages,
  siteRequests,
  type Handlers,
  type SessionEndReason,
  type ConferenceNotOpenDetails,
  type SiteEvent,
  type SiteJoined,
  type SiteRequests,
  type SiteWelcome,
  type JoinMedia,
  type OpenedMedia,
  type RouterCapabilities,
  type WireDtlsParameters,
  isJoinable,
} from '@lienthong/contracts';
import type { Namespace, Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { recordAudit } from '../domain/audit.js';
import { unitAncestorCodes } from '../domain/conferences.js';
import type { AttendanceLedger, OpenInterval } from '../domain/attendance-ledger.js';
import { findSiteInConference, type ConferenceJoinCache, type ConferenceJoinFacts, type SiteInConference } from '../domain/join-context.js';
import type { SiteActivity } from '../health/health-publisher.js';
import type { RoomDirectory } from '../live/room-directory.js';
import { produceTracks } from '../live/ownership/rolling-update.js';
import { startConsumersOn } from '../live/site-media.js';
import type { Logger } from '../logger.js';
import type { MetricEvents } from '../metrics/metric-events.js';
import { JoinAdmission } from './join-admission.js';
import { siteVoteHandlers } from '../votes/site-vote-handlers.js';
import type { VoteService } from '../votes/vote-service.js';
import { siteOpinionHandlers } from '../opinions/site-opinion-handlers.js';
import type { OpinionService } from '../opinions/opinion-service.js';
import { SessionMedia, type NodeLinks } from './session-media.js';
import { siteCredentials } from './site-auth.js';
import { connectionMiddleware } from './token-middleware.js';
import { listening } from './conference-listeners.js';

/** Who is joining: the browser's own id, and whether its operator confirmed taking the site over. */
type Joiner = { device: string | null; takeover: boolean };

/** A site's socket: its site (read once, at connection) and its conference as it was then. */
type JoinContext = SiteInConference & Pick<ConferenceJoinFacts, 'conference'>;
interface SiteSocketData {
  join: JoinContext;
}
interface SiteCtx {
  socket: Socket;
  join: JoinContext;
  attendance: SessionAttendance;
  /** what the session holds on its node, for the operations this replica sends there itself */
  media: SessionMedia;
}

/**
 * A session's attendance: one interval from its first join until its socket goes (a site on
 * the device check has not joined and is not counted), written behind by the replica's ledger.
 */
class SessionAttendance {
  private interval: OpenInterval | null = null;
  constructor(
    private readonly ledger: AttendanceLedger,
    private readonly conferenceId: string,
    private readonly siteId: string,
  ) {}

  joined(delegates: number | null): void {
    this.interval ??= this.ledger.open(this.conferenceId, this.siteId);
    if (delegates !== null) this.ledger.reportDelegates(this.conferenceId, this.siteId, delegates);
  }

  left(): void {
    if (this.interval) this.ledger.close(this.interval);
  }
}

/** The ids a session's opened media gives it, for what this replica sends its node directly. */
const openedIds = (opened: OpenedMedia) => ({ recv: opened.recv.id, send: opened.send?.id ?? null, consumers: opened.consumers.map((c) => c.id) });

/** Disconnects where the browser did not leave: its link (or this replica) went away under it. */
const linkLost: ReadonlySet<string> = new Set(['transport close', 'transport error', 'ping timeout', 'server shutting down']);
/** Where the conference starts: its hall, in the host unit's place in the tree. */
const originOf = (join: JoinContext) => ({
  siteId: join.conference.originSiteId,
  ancestry: unitAncestorCodes(join.conference.hostUnit.path),
});

/**
 * Ends sites' sessions (socket ids, or a conference's room name) on whichever replica holds
 * them, telling them why first. A namespace-level disconnect (not closing the connection) after
 * the event, both through the adapter in that order, keeps the reason ahead of the disconnect.
 */
export function endSessions(nsp: Namespace, rooms: string | string[], reason: SessionEndReason, rejoinWithinMs?: number): void {
  if (Array.isArray(rooms) && !rooms.length) return;
  nsp.to(rooms).emit('sessionEnded', { reason, rejoinWithinMs } satisfies SiteEvent<'sessionEnded'>);
  nsp.in(rooms).disconnectSockets();
}

/**
 * The conference and site a token opens, the site's role in it, its agenda and public documents,
 * and what the media nodes' routers offer (its browser loads them while the operator checks devices).
 */
function welcome({ site }: JoinContext, { conference, documents }: ConferenceJoinFacts, routerCapabilities: RouterCapabilities | undefined): SiteWelcome {
  return {
    conference: {
      id: conference.id,
      title: conference.title,
      status: conference.status,
      scheduledStart: conference.scheduledStart.toISOString(),
      scheduledEnd: conference.scheduledEnd.toISOString(),
    },
    site: { id: site.id, name: site.name, unitName: site.unit.name, linkProfile: site.linkProfile },
    role: site.id === conference.originSiteId ? 'hall' : 'site',
    agenda: conference.agenda,
    documents,
    ...(routerCapabilities && { routerCapabilities }),
  };
}

/** The /site namespace: a site's browser, authenticated by a token bound to one site and one conference. */
export function attachSiteGateway(
  io: Server,
  deps: {
    tokens: TokenService;
    db: Database;
    /** Where joins, leaves and delegate counts are written (behind, once a flush). */
    attendance: AttendanceLedger;
    rooms: RoomDirectory;
    /** This replica's links to the media nodes (session-local operations go straight there). */
    fleet: NodeLinks;
    /** The conference's facts every one of its sites is told (cached per conference). */
    conferences: ConferenceJoinCache;
    logger: Logger;
    health?: SiteActivity;
    metrics?: Pick<MetricEvents, 'siteDisconnected' | 'siteRequest'>;
    admission?: JoinAdmission;
    votes: VoteService;
    opinions: OpinionService;
  },
) {
  const { tokens, db, rooms, conferences, health, metrics } = deps;
  const admission = deps.admission ?? new JoinAdmission();
  const logger = deps.logger.child({ gateway: 'site' });
  const nsp: Namespace = io.of(namespaces.site);
  const roomOf = (join: JoinContext) => rooms.handle(join.conference.id, originOf(join));
  const greet = (join: JoinContext, facts: ConferenceJoinFacts) => welcome(join, facts, deps.fleet.sharedRouterCapabilities());

  // A printed link's code or a site token; revoked links and generations are refused here.
  nsp.use(
    connectionMiddleware(
      async (socket): Promise<SiteSocketData> => {
        const ids = await siteCredentials(socket.handshake.auth, { tokens, db });
        const [found, facts] = await Promise.all([findSiteInConference(db.sql, ids), conferences.get(ids.conferenceId)]);
        if (!found || !facts) throw new LienthongError('NOT_FOUND', 'The site or the conference no longer exists');
        if (found.generationRevoked) throw new LienthongError('LINK_REVOKED', 'The join link this token came from was replaced; ask the organisers for the new one');
        const join: JoinContext = { ...found, conference: facts.conference };
        if (!join.isParticipant) throw new LienthongError('FORBIDDEN', 'This site is not invited to this conference');
        if (!isJoinable(join.conference.status)) {
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

  /** The conference as it is now: the socket may have waited (device check, a dropped link) while it ended. */
  async function stillJoinable(join: JoinContext) {
    const now = await conferences.get(join.conference.id);
    if (!now || !isJoinable(now.conference.status))
      throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${now?.conference.status ?? 'gone'}`);
    return now;
  }

  /** The session is this socket's now: attendance and health count it. */
  function attach(delegates: number | null, { socket, join, attendance }: SiteCtx) {
    attendance.joined(delegates);
    health?.joined(join.conference.id, join.site.id, socket.id, delegates);
  }

  /**
   * Places the site in its conference's room (its media opened too when `media` says how); runs
   * once the join admission gives it a slot.
   */
  async function joinRoom(delegates: number | null, joiner: Joiner, media: JoinMedia | undefined, ctx: SiteCtx): Promise<SiteJoined> {
    const { socket, join } = ctx;
    const now = await stillJoinable(join);
    const room = roomOf(join);
    const greeting = greet(join, now);
    // The owner checks the site's previous session, wherever its socket is: another PC still
    // connected must be taken over knowingly (SITE_IN_USE otherwise).
    const { replaced, takenOver, nodeId, ...admitted } = await listening(socket, join.conference.id, join.site.id, () =>
      room.admit(
        {
          siteId: join.site.id,
          siteName: join.site.name,
          unitName: join.site.unit.name,
          role: greeting.role,
          unitAncestry: unitAncestorCodes(join.site.unit.path),
          delegates,
        },
        socket.id,
        joiner,
        media,
      ),
    );
    // The browser gave up waiting (its socket is gone): undo the join, nobody will leave it.
    if (socket.disconnected) {
      await room.leave(join.site.id, socket.id);
      throw new LienthongError('TIMEOUT', 'The site left while its join was carried out');
    }
    ctx.media.placed(nodeId);
    if (admitted.media) ctx.media.opened(openedIds(admitted.media));
    // A site is in a conference once: a reload or second tab takes over from the old session.
    if (replaced) endSessions(nsp, replaced, 'replaced');
    attach(delegates, ctx);
    if (takenOver) await siteTakenOver(join, socket);
    return { ...greeting, ...admitted };
  }

  /**
   * The site's previous socket dropped while its media went on: this socket takes the session
   * over (no admission slot: no media is set up). Only a session of the token's own site can be
   * resumed, and only by its socket id, which only that browser knew.
   */
  async function resumeSession(previousSessionId: string, delegates: number | null, ctx: SiteCtx): Promise<SiteJoined> {
    const { socket, join } = ctx;
    const now = await stillJoinable(join);
    const { nodeId, ...resumed } = await listening(socket, join.conference.id, join.site.id, () => roomOf(join).resume(join.site.id, previousSessionId, socket.id));
    // Its transports and consumers were made through another socket: operations on them are relayed.
    ctx.media.placed(nodeId);
    attach(delegates, ctx);
    return { ...greet(join, now), ...resumed };
  }

  /** Connects one of the session's transports: straight to its node when this replica knows it, else through the room's owner. */
  async function connectTransport({ socket, join, media }: SiteCtx, transportId: string, dtlsParameters: WireDtlsParameters) {
    const node = media.nodeFor({ transport: transportId });
    if (node) await node.call('connectWebRtcTransport', { transportId, dtlsParameters });
    else await roomOf(join).connectTransport(join.site.id, socket.id, transportId, dtlsParameters);
  }

  const handlers: Handlers<SiteRequests, SiteCtx> = {
    async hello(_request, { join }) {
      const facts = await conferences.get(join.conference.id);
      if (!facts) throw new LienthongError('NOT_FOUND', 'The conference no longer exists');
      return greet(join, facts);
    },
    join({ delegates, device, takeover, media }, ctx) {
      const joiner = { device: device ?? null, takeover: takeover ?? false };
      return admission.admit(() => joinRoom(delegates ?? null, joiner, media, ctx), () => ctx.socket.disconnected);
    },
    resume({ sessionId, delegates }, ctx) {
      return resumeSession(sessionId, delegates ?? null, ctx);
    },
    async openMedia(request, { socket, join, media }) {
      const opened = await roomOf(join).openMedia(join.site.id, socket.id, request);
      media.opened(openedIds(opened));
      return opened;
    },
    async startConsumers({ consumers, connect }, ctx) {
      const { socket, join, media } = ctx;
      const node = media.nodeFor({ consumers: consumers.map((c) => c.consumerId), ...(connect ? { transport: connect.transportId } : {}) });
      if (node) await startConsumersOn(node, consumers, connect);
      else {
        // Through the owner (a session this replica did not see made): the connect first, as before.
        if (connect) await connectTransport(ctx, connect.transportId, connect.dtlsParameters);
        await roomOf(join).startConsumers(join.site.id, socket.id, consumers);
      }
      return {};
    },
    async createTransport({ direction }, { socket, join, media }) {
      const params = await roomOf(join).createTransport(join.site.id, socket.id, direction);
      media.transportMade(direction, params.id);
      return params;
    },
    async connectTransport({ transportId, dtlsParameters }, ctx) {
      await connectTransport(ctx, transportId, dtlsParameters);
      return {};
    },
    async produce({ transportId, kind, rtpParameters, source, dtlsParameters }, { socket, join }) {
      // The owner makes the producer (the stage decides whether it forwards); the connect rides along.
      return { producerId: await roomOf(join).produceTrack(join.site.id, socket.id, { transportId, kind, rtpParameters, source, dtlsParameters }) };
    },
    async produceTracks(request, { socket, join }) {
      return { producerIds: await produceTracks(roomOf(join), join.site.id, socket.id, request) };
    },
    async stopProducing({ producerId }, { socket, join }) {
      await roomOf(join).stopProducing(join.site.id, socket.id, producerId);
      return {};
    },
    async consume({ transportId, producerId, rtpCapabilities }, { socket, join, media }) {
      const params = await roomOf(join).consume(join.site.id, socket.id, transportId, producerId, rtpCapabilities);
      media.consumerMade(params.id);
      return params;
    },
    async resumeConsumer({ consumerId }, { socket, join, media }) {
      const node = media.nodeFor({ consumers: [consumerId] });
      if (node) await node.call('resumeConsumer', { consumerId });
      else await roomOf(join).resumeConsumer(join.site.id, socket.id, consumerId);
      return {};
    },
    async setConsumerPaused({ consumerId, paused }, { socket, join, media }) {
      const node = media.nodeFor({ consumers: [consumerId] });
      if (node) await node.call(paused ? 'pauseConsumer' : 'resumeConsumer', { consumerId });
      else await roomOf(join).setConsumerPaused(join.site.id, socket.id, consumerId, paused);
      return {};
    },
    async setPreferredLayers({ consumerId, ...layers }, { socket, join, media }) {
      const node = media.nodeFor({ consumers: [consumerId] });
      if (node) await node.call('setConsumerPreferredLayers', { consumerId, ...layers });
      else await roomOf(join).setPreferredLayers(join.site.id, socket.id, consumerId, layers);
      return {};
    },
    async restartIce({ transportId }, { socket, join, media }) {
      const node = media.nodeFor({ transport: transportId });
      return node ? node.call('restartIce', { transportId }) : roomOf(join).restartIce(join.site.id, socket.id, transportId);
    },
    async raiseHand({ raised }, { socket, join }) {
      return roomOf(join).raiseHand(join.site.id, socket.id, raised);
    },
    reportHealth(report, { socket, join }) {
      health?.reported(join.conference.id, join.site.id, socket.id, report);
      return {};
    },
    ...siteVoteHandlers(deps.votes),
    ...siteOpinionHandlers(deps.opinions),
  };

  /** A confirmed takeover: the audit trail says which address took the site, the operators' alert list shows it. */
  async function siteTakenOver(join: JoinContext, socket: Socket) {
    const ip = socket.handshake.address || null;
    logger.warn({ siteId: join.site.id, conferenceId: join.conference.id, ip }, 'site taken over by another PC');
    health?.takenOver?.(join.conference.id, join.site.id);
    await recordAudit(db.prisma, {
      actor: { claims: { sub: join.site.id, role: 'site' }, ip },
      action: 'sites.takeover',
      resourceId: join.site.id,
      unitPath: join.site.unit.path,
      outcome: 'done',
      details: { conferenceId: join.conference.id, siteCode: join.site.code },
    }).catch((err: unknown) => logger.error({ err }, 'could not audit a takeover'));
  }

  nsp.on('connection', (socket) => {
    const { join } = socket.data as SiteSocketData;
    const log = logger.child({ siteId: join.site.id, conferenceId: join.conference.id });
    log.info('site connected');
    const attendance = new SessionAttendance(deps.attendance, join.conference.id, join.site.id);
    serveMessages(socket, siteRequests, handlers, { socket, join, attendance, media: new SessionMedia(deps.fleet) }, {
      onError: (event, error, cause) => log[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause }, 'request failed'),
      // Health reports (a second from every site) stay off the counters: the hot path is untouched.
      onHandled: (event, _seconds, error) => event !== 'reportHealth' && metrics?.siteRequest(event, error?.code ?? null),
    });
    // The pong to socket.io's ping is the site's sign of life: a steady link reports nothing else.
    socket.conn.on('heartbeat', () => health?.seen?.(join.conference.id, join.site.id, socket.id));
    socket.on('disconnect', (reason) => {
      log.info({ reason }, 'site disconnected');
      metrics?.siteDisconnected(reason);
      attendance.left();
      health?.left(join.conference.id, join.site.id, socket.id);
      // A lost link keeps its media for a while, waiting for the site to resume on a new socket;
      // a page that said goodbye (or a session the server ended) leaves at once. The owner lets the
      // session go (and the room, when it was the last one); no room, nothing to leave.
      const room = rooms.handle(join.conference.id);
      (linkLost.has(reason) ? room.detach(join.site.id, socket.id) : room.leave(join.site.id, socket.id)).catch(
        (err: unknown) => !(err instanceof LienthongError && err.code === 'CONFLICT') && log.warn({ err }, 'could not leave the room'),
      );
    });
  });

  return nsp;
}
