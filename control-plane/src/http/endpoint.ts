// Mounts the handlers of contracts' endpoint table: each gets its params, query and body parsed
// by the table's schemas, its capability checked, and its answer checked against the response
// schema. Handlers stay thin: a domain call plus scope checks.
import {
  can,
  endpoints,
  LienthongError,
  acceptedAnswerSchema,
  fileAnswerSchema,
  reportQuerySchema,
  tableReportSchema,
  type Endpoint,
  type EndpointId,
  DEFAULT_TIME_ZONE,
} from '@lienthong/contracts';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { refuseTemporaryPassword } from '../auth/password-change.js';
import { covers, effectiveRoot, type Actor } from '../auth/scope.js';
import type { TokenService } from '../auth/tokens.js';
import { revokedMessage, type TokenVersions } from '../auth/token-versions.js';
import type { Database } from '../db/database.js';
import { recordAudit } from '../domain/audit.js';
import type { Prisma } from '../generated/prisma/client.js';
import { noMetrics, type MetricEvents } from '../metrics/metric-events.js';
import { bearerToken } from './authenticate.js';
import { parse, route } from './errors.js';
import { sendReport } from './table-export.js';

type In<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Change<T> {
  result: T;
  resourceId: string | null;
  /** Path of the unit the changed thing belongs to (for scoped reading of the audit trail). */
  unitPath: string | null;
  details?: unknown;
}

/** The scope checks of an authenticated call, for helpers shared by several endpoints. */
export interface Guard {
  actor: Actor;
  requireScope(unitPath: string, resourceId?: string | null): Promise<void>;
  deny(message: string, resourceId?: string | null, unitPath?: string | null): Promise<never>;
}

export interface Call<E extends Endpoint> {
  params: In<E['params']>;
  query: In<E['query']>;
  body: In<E['body']>;
  /** The raw body of a `bodyType: 'csv'` endpoint. */
  csv: string;
  actor: E['capability'] extends null ? null : Actor;
  req: Request;
  res: Response;
  /** Refuses (403, with an audit entry) when the unit at `unitPath` is outside the actor's scope. */
  requireScope(unitPath: string, resourceId?: string | null): Promise<void>;
  /**
   * The subtree a list may show: the actor's scope, narrowed to the unit `under` when given.
   * Asking for a subtree outside the scope is refused (403 and an audit entry), not emptied.
   */
  listRoot(under?: string): Promise<string>;
  /** Refuses with 403 and an audit entry. */
  deny(message: string, resourceId?: string | null, unitPath?: string | null): Promise<never>;
  /** Runs a change in one transaction together with its audit entry. */
  change<T>(fn: (tx: Prisma.TransactionClient) => Promise<Change<T>>): Promise<T>;
}

export type Handler<K extends EndpointId> = (
  call: Call<(typeof endpoints)[K]>,
) => Promise<z.input<(typeof endpoints)[K]['response']>>;
export type Mount = <K extends EndpointId>(id: K, handler: Handler<K>, ...before: RequestHandler[]) => void;

export function createMount(
  app: Express,
  deps: { db: Database; tokens: TokenService; tokenVersions: Pick<TokenVersions, 'stands'>; metrics?: Pick<MetricEvents, 'restRequest'>; timeZone?: string },
): Mount {
  const { db, tokens } = deps;
  const metrics = deps.metrics ?? noMetrics;

  async function loadActor(req: Request): Promise<Actor> {
    const claims = await tokens.verify(bearerToken(req), 'operator');
    // Revoked by a logout or a password reset since it was signed (one Redis GET).
    if (!(await deps.tokenVersions.stands(claims.sub, claims.ver))) {
      throw new LienthongError('UNAUTHENTICATED', revokedMessage);
    }
    refuseTemporaryPassword(claims);
    const unit = /^[0-9a-f-]{36}$/i.test(claims.unit)
      ? await db.prisma.unit.findUnique({ where: { id: claims.unit }, select: { path: true } })
      : null;
    if (!unit) throw new LienthongError('UNAUTHENTICATED', "The token's unit no longer exists");
    return { claims, unitPath: unit.path, ip: req.ip ?? null };
  }

  return (id, handler, ...before) => {
    const endpoint: Endpoint = endpoints[id];
    // Timed by endpoint id, never by the raw path (ids are ~70; paths carry uuids). Answers that
    // never finish (the client went away) are not counted.
    const timed: RequestHandler = (_req, res, next) => {
      const started = performance.now();
      res.once('finish', () => metrics.restRequest(id, res.statusCode, (performance.now() - started) / 1000));
      next();
    };
    // Who is asking is settled before any body parser reads a (possibly large) upload.
    const authenticate: RequestHandler = (req, res, next) => {
      (endpoint.capability ? loadActor(req) : Promise.resolve(null)).then((actor) => {
        res.locals.actor = actor;
        next();
      }, next);
    };
    const run = route(async (req, res) => {
      const actor = res.locals.actor as Actor | null;
      const deny = async (message: string, resourceId: string | null = null, unitPath: string | null = null) => {
        await recordAudit(db.prisma, { actor: actor!, action: id, resourceId, unitPath, outcome: 'denied', details: { message } });
        throw new LienthongError('FORBIDDEN', message);
      };
      if (actor && !can(actor.claims.role, endpoint.capability!)) {
        await deny(`A ${actor.claims.role} may not ${endpoint.capability}`);
      }
      // Parsed by this endpoint's own schemas; the compiler cannot follow the generic id through the table.
      const call = {
        params: endpoint.params ? parse(endpoint.params, req.params, 'path') : undefined,
        query: endpoint.query ? parse(endpoint.query, req.query, 'query string') : undefined,
        body: endpoint.body ? parse(endpoint.body, req.body, 'body') : undefined,
        csv: typeof req.body === 'string' ? req.body : '',
        actor,
        req,
        res,
        async requireScope(unitPath: string, resourceId: string | null = null) {
          if (!covers(actor!, unitPath)) await deny('Outside your unit subtree', resourceId, unitPath);
        },
        deny,
        async listRoot(under?: string) {
          const unit = under ? await db.prisma.unit.findUnique({ where: { id: under }, select: { path: true } }) : null;
          if (under && !unit) throw new LienthongError('NOT_FOUND', `No unit ${under}`);
          return effectiveRoot(actor!, unit?.path) ?? deny('Outside your unit subtree', under, unit?.path);
        },
        change: <T>(fn: (tx: Prisma.TransactionClient) => Promise<Change<T>>) =>
          db.prisma.$transaction(
            async (tx) => {
              const done = await fn(tx);
              await recordAudit(tx, { actor: actor!, action: id, outcome: 'done', ...done });
              return done.result;
            },
            // Resolving a national conference's rules writes ~15,000 rows.
            { timeout: 60_000, maxWait: 10_000 },
          ),
      } as Call<(typeof endpoints)[typeof id]>;

      const answer = await handler(call);
      // A streamed body is already on its way; its summary is checked, never sent.
      if (endpoint.answerType === 'stream') {
        endpoint.response.parse(answer);
        return;
      }
      const result = endpoint.response.safeParse(answer);
      if (!result.success) throw new Error(`${id}: answer does not match its schema: ${result.error.message}`);
      if (endpoint.answerType === 'file') {
        // Not made yet: a job is at it, and the answer says how far.
        const accepted = acceptedAnswerSchema.safeParse(result.data);
        if (accepted.success) {
          res.status(202).json(accepted.data.accepted);
          return;
        }
        const file = fileAnswerSchema.parse(result.data);
        res.type(file.mediaType);
        res.setHeader('content-disposition', contentDisposition(file.fileName, file.inline));
        // A document is a download, never a page of this origin.
        res.setHeader('x-content-type-options', 'nosniff');
        await new Promise<void>((resolve, reject) => res.sendFile(file.path, { dotfiles: 'allow' }, (err) => (err ? reject(err) : resolve())));
        return;
      }
      if (endpoint.answerType === 'table') {
        const { format } = reportQuerySchema.parse(call.query ?? {});
        await sendReport(res, tableReportSchema.parse(result.data), format, endpoint.status, { timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE });
        return;
      }
      res.status(endpoint.status ?? 200).json(result.data);
    });
    app[endpoint.method](endpoint.path, timed, authenticate, ...before, run);
  };
}

/** RFC 6266 with an RFC 5987 UTF-8 name: Vietnamese file names survive, quotes cannot break out. */
function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'document';
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
