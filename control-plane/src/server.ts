import { metricsRequestListener, namespaces, type SiteEvent } from '@lienthong/contracts';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { RedisRateStore } from './auth/redis-rate-store.js';
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
import { DirectoryStorage } from './recordings/storage.js';
import { attachConsoleGateway, healthRoomName } from './signaling/console-gateway.js';
import { attachNodeGateway } from './signaling/node-gateway.js';
import { attachSiteGateway, conferenceRoomName, endSession } from './signaling/site-gateway.js';

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
  metrics: ControlPlaneMetrics;
  /** where Prometheus scrapes this replica (METRICS_HOST:METRICS_PORT), when METRICS_PORT is set */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Wires the control plane together and listens; the caller owns the database and the process. */
export async function startControlPlane(config: ControlPlaneConfig, db: Database, logger: Logger, version: string): Promise<ControlPlane> {
  const tokens = new TokenService(config.AUTH_SECRET);
  const metrics = new ControlPlaneMetrics();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  const recordingQueue = new RecordingQueue(config.REDIS_URL, config.REDIS_PREFIX, logger);
  const recordings = new RecordingService(db, recordingQueue, logger.child({ module: 'recordings' }));
  const endingsSubscriber = redis.duplicate();
  endingsSubscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (endings subscriber) connection problem'));
  const endings = new RedisConferenceEndings(redis, endingsSubscriber, config.REDIS_PREFIX, logger.child({ module: 'endings' }));
  const jobs = new JobQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, db, logger: logger.child({ module: 'jobs' }), recordings, endings, metrics });
  // Jobs live in Redis; this only restores them if Redis lost its data.
  logger.info({ conferences: await jobs.reconcile() }, 'schedule reconciled');
  const fleet = new NodeRegistry(undefined, metrics);
  const documentFiles = new DirectoryDocumentFiles(config.DOCUMENTS_DIR);
  const documentPublisher = new DocumentPublisher(documentFiles, tokens, config.PUBLIC_URL, config.DOCUMENT_LINK_TTL_DAYS * 86_400);
  const http = createServer();
  const io = new SocketServer(http, { serveClient: false, pingInterval: 5000, pingTimeout: 5000 });

  const rooms = new RoomDirectory(
    fleet,
    logger,
    (conferenceId) => ({
      toAll: (event, payload) => io.of(namespaces.site).to(conferenceRoomName(conferenceId)).emit(event, payload),
      // Every socket is in a room named by its id, on whichever replica holds it.
      toSession: (sessionId, event, payload) => io.of(namespaces.site).to(sessionId).emit(event, payload),
    }),
    new RedisPlanStore(redis, logger, config.REDIS_PREFIX),
    new RedisStageStore(redis, logger, config.REDIS_PREFIX),
    plannerConfigSchema.parse({
      maxHops: config.CASCADE_MAX_HOPS,
      maxFanOut: config.CASCADE_MAX_FANOUT,
      headroom: config.CASCADE_HEADROOM,
    }),
  );
  // A conference ended (here or on another replica): its sites here are told and let go, its room closes.
  await endings.listen(async (conferenceId) => {
    const sites = io.of(namespaces.site).in(conferenceRoomName(conferenceId));
    sites.emit('sessionEnded', { reason: 'conference-ended' } satisfies SiteEvent<'sessionEnded'>);
    sites.disconnectSockets();
    await rooms.end(conferenceId);
  });
  // Their media node is gone: the sites rejoin at once and are placed on a live node.
  rooms.on('sessionsLost', (sessionIds) => sessionIds.forEach((id) => endSession(io.of('/site').sockets.get(id), 'node-lost')));
  // Site health: this replica publishes its sites' changes; its consoles see every replica's.
  const healthSubscriber = redis.duplicate();
  healthSubscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (health subscriber) connection problem'));
  const healthBus = new HealthBus(redis, healthSubscriber, config.REDIS_PREFIX, logger.child({ module: 'health' }));
  const health = new HealthPublisher(healthBus, randomUUID().slice(0, 8), logger.child({ module: 'health' }), healthTickMs);
  const healthHub = new HealthHub({
    bus: healthBus,
    db,
    logger: logger.child({ module: 'health' }),
    tickMs: healthTickMs,
    emit: (conferenceId, root, event, payload) => io.of('/console').to(healthRoomName(conferenceId, root)).emit(event, payload),
  });
  attachSiteGateway(io, { tokens, db, rooms, documentPublisher, logger, health, metrics });
  attachRecorderGateway(io, { tokens, db, rooms, fleet, logger });
  attachConsoleGateway(io, { tokens, db, hub: healthHub, rooms, logger });
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
      loginAttemptsPerMinute: config.LOGIN_ATTEMPTS_PER_MINUTE,
      rateStore: new RedisRateStore(redis, `${config.REDIS_PREFIX}:login:`),
      trustProxy: config.TRUST_PROXY,
      webDistDir: config.WEB_DIST_DIR,
      replay: {
        storage: new DirectoryStorage(config.RECORDINGS_DIR),
        mediaTokenTtlSeconds: config.MEDIA_TOKEN_TTL_MINUTES * 60,
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
    metrics,
    metricsUrl,
    async close() {
      metricsHttp?.close();
      nodeGateway.close();
      await rooms.closeAll();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await jobs.close();
      await recordingQueue.close();
      await Promise.all([health.close(), healthHub.close()]);
      await healthSubscriber.quit().catch(() => undefined);
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
