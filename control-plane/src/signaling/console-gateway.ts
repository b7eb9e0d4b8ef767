import {
  consoleRequests,
  LienthongError,
  namespaces,
  serveMessages,
  type ConsoleRequests,
  type Handlers,
} from '@lienthong/contracts';
import type { Namespace, Server } from 'socket.io';
import { covers, effectiveRoot, type Actor } from '../auth/scope.js';
import type { TokenService } from '../auth/tokens.js';
import type { TokenVersions } from '../auth/token-versions.js';
import type { Database } from '../db/database.js';
import { recordAudit } from '../domain/audit.js';
import { reachesInto } from '../domain/conference-access.js';
import type { HealthHub } from '../health/health-hub.js';
import type { RoomDirectory } from '../live/room-directory.js';
import type { Logger } from '../logger.js';
import { closePreviews, previewHandlers, type PreviewCtx } from './console-previews.js';
import { guardPersonSockets, personTokenMiddleware } from './person-access.js';
import { refuseTemporaryPassword } from '../auth/password-change.js';
import { consoleVoteHandlers } from '../votes/console-vote-handlers.js';
import type { VoteService } from '../votes/vote-service.js';
import { consoleOpinionHandlers } from '../opinions/console-opinion-handlers.js';
import type { OpinionService } from '../opinions/opinion-service.js';

type ConsoleCtx = PreviewCtx;

/** Who runs conferences live: operators (their subtree) and system admins (everything). */
const consoleRoles = new Set(['operator', 'system_admin']);

/** The socket.io room of the consoles watching one conference with one scope root. */
export const healthRoomName = (conferenceId: string, root: string) => `health:${conferenceId}:${root}`;

/**
 * The /console namespace: an operator's console, authenticated by the person's access token.
 * It may watch a conference hosted in its subtree or reaching into it, and sees its own sites only.
 */
export function attachConsoleGateway(
  io: Server,
  deps: {
    tokens: TokenService;
    tokenVersions: TokenVersions;
    /** How often the sockets' tokens are checked again (expiry, revocation). */
    accessCheckMs: number;
    db: Database;
    hub: HealthHub;
    rooms: RoomDirectory;
    logger: Logger;
    votes: VoteService;
    opinions: OpinionService;
  },
) {
  const { tokens, db, hub, rooms } = deps;
  const logger = deps.logger.child({ gateway: 'console' });
  const nsp: Namespace = io.of(namespaces.console);

  nsp.use(
    personTokenMiddleware(
      deps,
      async (claims): Promise<{ actor: Actor }> => {
        refuseTemporaryPassword(claims);
        if (!consoleRoles.has(claims.role)) throw new LienthongError('FORBIDDEN', `A ${claims.role} has no live console`);
        const unit = await db.prisma.unit.findUnique({ where: { id: claims.unit }, select: { path: true } });
        if (!unit) throw new LienthongError('UNAUTHENTICATED', "The token's unit no longer exists");
        return { actor: { claims, unitPath: unit.path, ip: null } };
      },
      logger,
    ),
  );
  const guard = guardPersonSockets(nsp, { tokenVersions: deps.tokenVersions, now: tokens.now, checkMs: deps.accessCheckMs, logger });

  /** The subtree root through which the actor sees the conference: hosted in its scope or reaching into it. */
  async function authorize(conferenceId: string, actor: Actor): Promise<string> {
    const conference = await db.prisma.conference.findUnique({ where: { id: conferenceId }, select: { hostUnit: { select: { path: true } } } });
    if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${conferenceId}`);
    const root = effectiveRoot(actor, undefined)!;
    if (!covers(actor, conference.hostUnit.path) && !(await reachesInto(db.prisma, conferenceId, root))) {
      await recordAudit(db.prisma, { actor, action: 'console.watch', resourceId: conferenceId, unitPath: conference.hostUnit.path, outcome: 'denied' });
      throw new LienthongError('FORBIDDEN', 'This conference neither is hosted in nor reaches into your unit subtree');
    }
    return root;
  }

  const handlers: Handlers<ConsoleRequests, ConsoleCtx> = {
    async watch({ conferenceId }, { socket, rootFor }) {
      const root = await rootFor(conferenceId);
      await socket.join(healthRoomName(conferenceId, root));
      return hub.watch(conferenceId, socket.id, root);
    },
    async unwatch({ conferenceId }, { socket, actor }) {
      await socket.leave(healthRoomName(conferenceId, effectiveRoot(actor, undefined)!));
      await hub.unwatch(conferenceId, socket.id);
      return {};
    },
    ...previewHandlers({ db, rooms }),
    ...consoleVoteHandlers(deps.votes),
    ...consoleOpinionHandlers(db, deps.opinions),
  };

  nsp.on('connection', (socket) => {
    const { actor } = socket.data as { actor: Actor };
    const log = logger.child({ personId: actor.claims.sub });
    const watching = new Set<string>();
    const previewing = new Set<string>();
    // Access is checked once per conference and connection (a token's scope cannot change under it).
    const roots = new Map<string, Promise<string>>();
    const rootFor = (conferenceId: string) => {
      let root = roots.get(conferenceId);
      if (!root) {
        root = authorize(conferenceId, actor);
        roots.set(conferenceId, root);
        root.catch(() => roots.delete(conferenceId));
      }
      return root;
    };
    let previewChain: Promise<unknown> = Promise.resolve();
    const serial = <T>(work: () => Promise<T>): Promise<T> => {
      const run = previewChain.then(work, work);
      previewChain = run.catch(() => undefined);
      return run;
    };
    serveMessages(
      socket,
      consoleRequests,
      {
        ...handlers,
        watch: async (request, ctx) => {
          const snapshot = await handlers.watch(request, ctx);
          watching.add(request.conferenceId);
          return snapshot;
        },
      },
      { socket, actor, rootFor, previewing, serial },
      { onError: (event, error, cause) => log[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause }, 'request failed') },
    );
    socket.on('disconnect', () => {
      for (const conferenceId of watching) void hub.unwatch(conferenceId, socket.id).catch((err: unknown) => log.warn({ err }, 'unwatch failed'));
      for (const conferenceId of previewing)
        void closePreviews(rooms, conferenceId, socket.id).catch((err: unknown) => log.warn({ err }, 'closing previews failed'));
    });
  });

  return { nsp, close: guard.close };
}
