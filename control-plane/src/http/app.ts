import { LienthongError, DEFAULT_TIME_ZONE } from '@lienthong/contracts';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { RefreshTokens } from '../auth/refresh-tokens.js';
import type { TokenVersions } from '../auth/token-versions.js';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import type { DocumentFiles } from '../documents/document-files.js';
import type { DocumentPublisher } from '../documents/document-publisher.js';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { RoomDirectory } from '../live/room-directory.js';
import type { Logger } from '../logger.js';
import type { MetricEvents } from '../metrics/metric-events.js';
import { createMount } from './endpoint.js';
import { errorHandler } from './errors.js';
import { serveDocsPage } from './docs-page.js';
import { openApiDocument } from './openapi.js';
import { mountAttendanceReportRoutes } from './routes/attendance-report.js';
import type { RecordingService } from '../recording/recording-service.js';
import { mountAttendanceRoutes } from './routes/attendance.js';
import { mountAuditRoutes } from './routes/audit.js';
import { mountAuthRoutes } from './routes/auth.js';
import { mountConferenceScheduleRoutes, type Scheduler } from './routes/conference-schedule.js';
import type { ConferenceEndings } from '../live/conference-endings.js';
import { mountConferenceReadRoutes } from './routes/conferences.js';
import { mountJoinLinkRoutes } from './routes/join-links.js';
import { mountConferenceStageRoutes } from './routes/conference-stage.js';
import { mountDocumentRoutes } from './routes/documents.js';
import { mountImportRoutes } from './routes/imports.js';
import { mountPeopleRoutes } from './routes/people.js';
import { mountRecordingMedia } from './routes/recording-media.js';
import { mountRecordingRoutes } from './routes/recordings.js';
import { mountStudyRoutes } from './routes/study.js';
import type { ReplayDeps } from '../recordings/replay-deps.js';
import { mountRecordingControlRoutes } from './routes/recording-control.js';
import { mountSiteRoutes } from './routes/sites.js';
import { mountUnitRoutes } from './routes/units.js';
import { mountVoteRoutes } from './routes/votes.js';
import { mountMinutesRoutes } from './routes/minutes.js';
import type { MinutesService } from '../minutes/minutes-service.js';
import type { VoteService } from '../votes/vote-service.js';
import { mountOpinionRoutes } from './routes/opinions.js';
import type { OpinionService } from '../opinions/opinion-service.js';

export interface AppDeps {
  db: Database;
  documentFiles: DocumentFiles;
  documentPublisher: DocumentPublisher;
  tokens: TokenService;
  fleet: NodeRegistry;
  rooms: RoomDirectory;
  scheduler: Scheduler;
  endings: ConferenceEndings;
  recordings: RecordingService;
  logger: Logger;
  version: string;
  publicUrl: string;
  siteTokenTtlSeconds: number;
  accessTokenTtlSeconds: number;
  loginLimiter: LoginLimiter;
  refreshTokens: RefreshTokens;
  tokenVersions: TokenVersions;
  trustProxy: boolean | number | string;
  webDistDir?: string;
  /** The deployment's clock for exported times (IANA name; Asia/Ho_Chi_Minh when unset). */
  timeZone?: string;
  replay: ReplayDeps;
  votes: VoteService;
  minutes: MinutesService;
  opinions: OpinionService;
  /** REST timings and login failures go here (unset: nowhere). */
  metrics?: Pick<MetricEvents, 'restRequest' | 'loginFailed'>;
}

/** The HTTP surface: /api (JSON, access tokens) and the built web app with its client-side routes. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  // Closed networks: the page may load nothing from outside this deployment. Plain-HTTP
  // deployments exist on internal networks, so no HSTS and no upgrade of requests to HTTPS.
  app.use(
    helmet({
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
    }),
  );
  app.use('/api', express.json({ limit: '2mb' }));

  // Every /api route comes from contracts' endpoint table.
  const mount = createMount(app, deps);
  mount('health.get', async () => ({ status: 'ok' as const, version: deps.version, replica: deps.rooms.replicaId, nodes: deps.fleet.list().length }));
  mount('deployment.get', async () => ({ timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE }));
  mountAuthRoutes(mount, deps);
  mountUnitRoutes(mount, deps);
  mountSiteRoutes(mount, deps);
  mountPeopleRoutes(mount, deps);
  mountConferenceReadRoutes(mount, deps);
  mountJoinLinkRoutes(mount, deps);
  mountConferenceStageRoutes(mount, deps);
  mountConferenceScheduleRoutes(mount, deps);
  mountAttendanceRoutes(mount, deps);
  mountAttendanceReportRoutes(mount, deps);
  mountDocumentRoutes(mount, deps);
  mountImportRoutes(mount, deps);
  mountAuditRoutes(mount, deps);
  mountRecordingRoutes(mount, deps);
  mountStudyRoutes(mount, deps);
  mountRecordingMedia(app, { ...deps, storage: deps.replay.storage });
  mountRecordingControlRoutes(mount, deps);
  mountVoteRoutes(mount, deps);
  mountMinutesRoutes(mount, deps);
  mountOpinionRoutes(mount, deps);
  mount('fleet.nodes', async () => ({ items: deps.fleet.list().map((n) => n.toWire()) }));

  const openApi = openApiDocument(deps.version);
  app.get('/api/openapi.json', (_req, res) => void res.json(openApi));
  serveDocsPage(app);
  app.use('/api', (req, _res, next) => next(new LienthongError('NOT_FOUND', `No API route ${req.method} ${req.path}`)));

  const dist = deps.webDistDir;
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes (/join, /console, …) all load the app shell.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }
  app.use(errorHandler(deps.logger));
  return app;
}
