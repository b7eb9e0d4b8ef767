import { isJoinable, metricsRequestListener, namespaces, type SiteEvent } from '@lienthong/contracts';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server as SocketServer } from 'socket.io';
import { LoginLimiter } from './auth/login-limiter.js';
import { RefreshTokens } from './auth/refresh-tokens.js';
import { TokenVersions } from './auth/token-versions.js';
import { TokenService } from './auth/tokens.js';
import type { ControlPlaneConfig } from './config.js';
import type { Database } from './db/database.js';
import { NodeRegistry } from './fleet/node-registry.js';
import { DirectoryDocumentFiles } from './documents/document-files.js';
import { DocumentPublisher } from './documents/document-publisher.js';
import { createApp } from './http/app.js';
import { HealthBus } from './health/health-bus.js';
import { HealthHub } from './health/health-hub.js';
import { HealthPublisher, healthTickMs } from './health/health-publisher.js';
import { RedisConferenceEndings, type ConferenceEndings } from './live/conference-endings.js';
import { RedisPlanStore, RedisStageStore } from './live/plan-store.js';
import { plannerConfigSchema } from './planner/model.js';
import { RoomDirectory } from './live/room-directory.js';
import type { Logger } from './logger.js';
import { ControlPlaneMetrics } from './metrics/control-plane-metrics.js';
import { attachRecorderGateway } from './recording/recorder-gateway.js';
import { RecordingQueue } from './recording/recording-queue.js';
import { RecordingService } from './recording/recording-service.js';
import { JobQueue } from './scheduling/job-queue.js';
import { MinutesService } from './minutes/minutes-service.js';
import { storedOpinions } from './minutes/opinions.js';
import { DirectoryStorage } from './recordings/storage.js';
import { attachConsoleGateway, healthRoomName } from './signaling/console-gateway.js';
import { attachNodeGateway } from './signaling/node-gateway.js';
import { rejoinSpreadMs } from './signaling/join-admission.js';
import { attachSiteGateway, endSessions } from './signaling/site-gateway.js';
import { conferenceRoomName } from './signaling/conference-listeners.js';
import { answerSessionQueries, roomOutput } from './signaling/room-output.js';
import { jsonOnlyParser } from './signaling/json-only-parser.js';
import { pingIntervalMs, pingTimeoutMs } from './signaling/socket-timing.js';
import { RoomLeases } from './live/ownership/room-lease.js';
import { RoomRelay } from './live/ownership/room-relay.js';
import { RedisRoomMediaStore } from './live/ownership/room-media-store.js';
import { ProgramFeed } from './live/program-feed.js';
import { refuseRootNamespace } from './signaling/token-middleware.js';
import { ConferenceJoinCache } from './domain/join-context.js';
import { recordProgramFlows } from './domain/conference-on-air.js';
import { AttendanceLedger } from './domain/attendance-ledger.js';
import { startVotes } from './votes/start-votes.js';
import type { VoteService } from './votes/vote-service.js';
import { startOpinions } from './opinions/start-opinions.js';
import type { OpinionService } from './opinions/opinion-service.js';
import { limitMessageRates } from './signaling/message-rate-limit.js';

export interface ControlPlane {
  url: string;
  tokens: TokenService;
  fleet: NodeRegistry;
  rooms: RoomDirectory;
  jobs: JobQueue;
  recordings: RecordingService;
  /** where the site gateway reports joins, departures and link health (benchmarks feed it directly) */
  health: HealthPublisher;
  /** how every replica hears that a conference ended */
  endings: ConferenceEndings;
  /** each live conference's facts its sites are told, read once per conference (forget() after writing a status behind the control plane's back) */
  joinFacts: ConferenceJoinCache;
  /** joins, leaves and delegate counts, written behind (tests flush it) */
  attendance: AttendanceLedger;
  metrics: ControlPlaneMetrics;
  votes: VoteService;
  minutes: MinutesService;
  opinions: OpinionService;
  /** where Prometheus scrapes this replica (METRICS_HOST:METRICS_PORT), when METRICS_PORT is set */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Wires the control plane together and listens; the caller owns the database and the process. */
export async function startControlPlane(
  config: ControlPlaneConfig,
  db: Database,
  logger: Logger,
  version: string,
  /** The clock tokens are signed and checked by (tests move it instead of sleeping). */
  now?: () => Date,
): Promise<ControlPlane> {
  const tokens = new TokenService(config.AUTH_SECRET, now);
  const metrics = new ControlPlaneMetrics();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  const tokenVersions = new TokenVersions(redis, db, config.REDIS_PREFIX);
  const recordingQueue = new RecordingQueue(config.REDIS_URL, config.REDIS_PREFIX, logger);
  const recordings = new RecordingService(db, recordingQueue, logger.child({ module: 'recordings' }));
  const endingsSubscriber = redis.duplicate();
  endingsSubscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (endings subscriber) connection problem'));
  const endings = new RedisConferenceEndings(redis, endingsSubscriber, config.REDIS_PREFIX, logger.child({ module: 'endings' }));
  // The minutes' job runs on the scheduling queue, which the minutes ask for their jobs: the queue is made second.
  const minutesDir = path.join(config.DOCUMENTS_DIR, 'minutes');
  const minutes: MinutesService = new MinutesService({
    db,
    files: { pdf: new DirectoryDocumentFiles(path.join(minutesDir, 'pdf')), docx: new DirectoryDocumentFiles(path.join(minutesDir, 'docx')) },
    opinions: storedOpinions(db.prisma),
    timeZone: config.TIME_ZONE,
    logger: logger.child({ module: 'minutes' }),
    enqueue: (conferenceId, requestedAt): Promise<void> => jobs.requestMinutes(conferenceId, requestedAt),
  });
  const jobs = new JobQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, db, logger: logger.child({ module: 'jobs' }), recordings, endings, minutes, metrics });
  // Jobs live in Redis; this only restores them if Redis lost its data.
  logger.info({ conferences: await jobs.reconcile() }, 'schedule reconciled');
  const fleet = new NodeRegistry(undefined, metrics);
  const documentFiles = new DirectoryDocumentFiles(config.DOCUMENTS_DIR);
  const documentPublisher = new DocumentPublisher(documentFiles, tokens, config.PUBLIC_URL, config.DOCUMENT_LINK_TTL_DAYS * 86_400);
  const http = createServer();
  const io = new SocketServer(http, { serveClient: false, pingInterval: pingIntervalMs, pingTimeout: pingTimeoutMs, parser: jsonOnlyParser });
  // Every replica's sockets in one set of socket.io rooms: an owner's emit reaches sites and
  // consoles connected anywhere. Per-replica emits (endings, health, votes) say `.local`.
  const adapterClients = [redis.duplicate(), redis.duplicate()] as const;
  for (const c of adapterClients) c.on('error', (err) => logger.warn({ err: err.message }, 'redis (socket.io adapter) connection problem'));
  io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: `${config.REDIS_PREFIX}:socket.io` }));
  limitMessageRates(io, logger.child({ module: 'rate-limit' }));
  answerSessionQueries(io);
  const replicaId = `${hostname()}-${randomUUID().slice(0, 8)}`;

  const joinFacts = new ConferenceJoinCache(db.prisma, documentPublisher, isJoinable);
  const attendance = new AttendanceLedger(db.prisma, logger.child({ module: 'attendance' }), config.ATTENDANCE_FLUSH_MS);
  const relaySubscriber = redis.duplicate();
  relaySubscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (room relay) connection problem'));
  const ownershipLog = logger.child({ module: 'ownership' });
  const rooms = new RoomDirectory({
    fleet,
    logger,
    outputFor: (conferenceId) => roomOutput(io, conferenceId),
    store: new RedisPlanStore(redis, logger, config.REDIS_PREFIX),
    stages: new RedisStageStore(redis, logger, config.REDIS_PREFIX),
    media: new RedisRoomMediaStore(redis, logger, config.REDIS_PREFIX),
    leases: new RoomLeases(redis, config.REDIS_PREFIX, replicaId, ownershipLog),
    relay: new RoomRelay(redis, relaySubscriber, config.REDIS_PREFIX, replicaId, ownershipLog),
    programFlows: (conferenceId) => recordProgramFlows(db.prisma, conferenceId),
    plannerConfig: plannerConfigSchema.parse({
      maxHops: config.CASCADE_MAX_HOPS,
      maxFanOut: config.CASCADE_MAX_FANOUT,
      headroom: config.CASCADE_HEADROOM,
    }),
  });
  await rooms.listen();
  const programs = new ProgramFeed(io, rooms, logger);
  // A conference ended (every replica hears it): its sites here are told and let go, its room closes where it is owned.
  await endings.listen(async (conferenceId) => {
    joinFacts.forget(conferenceId);
    const sites = io.of(namespaces.site).local.in(conferenceRoomName(conferenceId));
    sites.emit('sessionEnded', { reason: 'conference-ended' } satisfies SiteEvent<'sessionEnded'>);
    sites.disconnectSockets();
    await rooms.end(conferenceId);
  });
  // Their media node is gone: the sites (on whichever replica) rejoin, spread over a window that
  // grows with their number, and are placed on a live node.
  rooms.on('sessionsLost', (sessionIds) => endSessions(io.of(namespaces.site), sessionIds, 'node-lost', rejoinSpreadMs(sessionIds.length)));
  // Site health: this replica publishes its sites' changes; its consoles see every replica's.
  const healthSubscriber = redis.duplicate();
  healthSubscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (health subscriber) connection problem'));
  const healthBus = new HealthBus(redis, healthSubscriber, config.REDIS_PREFIX, logger.child({ module: 'health' }));
  const health = new HealthPublisher(healthBus, replicaId, logger.child({ module: 'health' }), healthTickMs);
  const healthHub = new HealthHub({
    bus: healthBus,
    db,
    logger: logger.child({ module: 'health' }),
    tickMs: healthTickMs,
    // Every replica's hub hears every replica's health: each tells its own consoles.
    emit: (conferenceId, root, event, payload) => io.of(namespaces.console).local.to(healthRoomName(conferenceId, root)).emit(event, payload),
  });
  const votes = await startVotes({ io, redis, db, attendance, prefix: config.REDIS_PREFIX, logger: logger.child({ module: 'votes' }) });
  const opinions = await startOpinions({ io, redis, db, prefix: config.REDIS_PREFIX, logger: logger.child({ module: 'opinions' }) });
  refuseRootNamespace(io);
  attachSiteGateway(io, { tokens, db, attendance, rooms, fleet, conferences: joinFacts, logger, health, metrics, votes: votes.service, opinions: opinions.service });
  attachRecorderGateway(io, { tokens, db, rooms, programs, fleet, logger });
  const consoleGateway = attachConsoleGateway(io, {
    tokens,
    tokenVersions,
    accessCheckMs: config.ACCESS_CHECK_MS,
    db,
    hub: healthHub,
    rooms,
    logger,
    votes: votes.service,
    opinions: opinions.service,
  });
  const nodeGateway = attachNodeGateway(io, { tokens, fleet, logger, nodeTimeoutMs: config.NODE_TIMEOUT_MS });
  metrics.watch({ rooms, fleet, io, hub: healthHub });

  http.on(
    'request',
    createApp({
      db,
      documentFiles,
      documentPublisher,
      tokens,
      fleet,
      rooms,
      scheduler: jobs,
      endings,
      recordings,
      logger,
      metrics,
      version,
      publicUrl: config.PUBLIC_URL,
      siteTokenTtlSeconds: config.SITE_TOKEN_TTL_HOURS * 3600,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_MINUTES * 60,
      loginLimiter: new LoginLimiter(redis, config.REDIS_PREFIX, {
        failuresPerUsernamePerHour: config.LOGIN_FAILURES_PER_USERNAME,
        failuresPerAddressPerHour: config.LOGIN_FAILURES_PER_ADDRESS,
        freeFailures: config.LOGIN_FREE_FAILURES,
      }),
      refreshTokens: new RefreshTokens(redis, config.REDIS_PREFIX, config.REFRESH_IDLE_HOURS * 3600, config.REFRESH_RACE_SECONDS),
      tokenVersions,
      trustProxy: config.TRUST_PROXY,
      webDistDir: config.WEB_DIST_DIR,
      timeZone: config.TIME_ZONE,
      votes: votes.service,
      minutes,
      opinions: opinions.service,
      replay: {
        storage: new DirectoryStorage(config.RECORDINGS_DIR),
        mediaTokenTtlSeconds: Math.max(1, Math.round(config.MEDIA_TOKEN_TTL_MINUTES * 60)),
        completionThreshold: config.STUDY_COMPLETION_THRESHOLD,
      },
    }),
  );
  const port = await listen(http, config.PORT, config.HOST);
  logger.info({ host: config.HOST, port }, 'control plane listening');
  // Its own listener, never the public port: only what reaches METRICS_HOST can scrape.
  const metricsHttp = config.METRICS_PORT === undefined ? null : createServer(metricsRequestListener(metrics.registry, config.METRICS_TOKEN));
  const metricsUrl = metricsHttp && `http://${urlHost(config.METRICS_HOST)}:${await listen(metricsHttp, config.METRICS_PORT!, config.METRICS_HOST)}/metrics`;
  if (metricsUrl) logger.info({ url: metricsUrl }, 'metrics listening');

  return {
    url: `http://${config.HOST}:${port}`,
    tokens,
    fleet,
    rooms,
    jobs,
    recordings,
    health,
    endings,
    joinFacts,
    attendance,
    metrics,
    votes: votes.service,
    minutes,
    opinions: opinions.service,
    metricsUrl,
    async close() {
      metricsHttp?.close();
      nodeGateway.close();
      consoleGateway.close();
      await rooms.closeAll();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await jobs.close();
      await recordingQueue.close();
      await Promise.all([health.close(), healthHub.close(), votes.stop(), opinions.stop(), attendance.stop()]);
      await Promise.all([healthSubscriber, relaySubscriber, ...adapterClients].map((c) => c.quit().catch(() => undefined)));
      await endings.close();
      await redis.quit().catch(() => undefined);
    },
  };
}

/** Listens and answers the port taken (0 asks for any free one). */
async function listen(server: HttpServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);
