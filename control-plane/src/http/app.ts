import { LienthongError } from '@lienthong/contracts';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { RoomDirectory } from '../live/room-directory.js';
import type { Logger } from '../logger.js';
import { authenticateOperator } from './authenticate.js';
import { errorHandler } from './errors.js';
import { conferencesRouter } from './routes/conferences.js';
import { fleetRouter } from './routes/fleet.js';

export interface AppDeps {
  db: Database;
  tokens: TokenService;
  fleet: NodeRegistry;
  rooms: RoomDirectory;
  logger: Logger;
  version: string;
  publicUrl: string;
  siteTokenTtlSeconds: number;
  webDistDir?: string;
}

/** The HTTP surface: /api (JSON, operator tokens) and the built web app with its client-side routes. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
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
  app.use(express.json({ limit: '1mb' }));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', version: deps.version, nodes: deps.fleet.list().length });
  });
  const requireOperator = authenticateOperator(deps.tokens);
  app.use('/api/conferences', requireOperator, conferencesRouter(deps));
  app.use('/api/fleet', requireOperator, fleetRouter(deps.fleet));
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
