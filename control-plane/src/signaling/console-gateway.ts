import {
  consoleRequests,
  LienthongError,
  namespaces,
  serveMessages,
  type ConsoleRequests,
  type Handlers,
} from '@lienthong/contracts';
import type { Namespace, Server, Socket } from 'socket.io';
import { covers, effectiveRoot, type Actor } from '../auth/scope.js';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { recordAudit } from '../domain/audit.js';
import { reachesInto } from '../domain/conference-access.js';
import type { HealthHub } from '../health/health-hub.js';
import type { Logger } from '../logger.js';
import { tokenMiddleware } from './token-middleware.js';

interface ConsoleCtx {
  socket: Socket;
  actor: Actor;
}

/** Who runs conferences live: operators (their subtree) and system admins (everything). */
const consoleRoles = new Set(['operator', 'system_admin']);

/** The socket.io room of the consoles watching one conference with one scope root. */
export const healthRoomName = (conferenceId: string, root: string) => `health:${conferenceId}:${root}`;

/**
 * The /console namespace: an operator's console, authenticated by the person's access token.
 * It may watch a conference hosted in its subtree or reaching into it, and sees its own sites only.
 */
export function attachConsoleGateway(io: Server, deps: { tokens: TokenService; db: Database; hub: HealthHub; logger: Logger }) {
  const { tokens, db, hub } = deps;
  const logger = deps.logger.child({ gateway: 'console' });
  const nsp: Namespace = io.of(namespaces.console);

  nsp.use(
    tokenMiddleware(
      tokens,
      'operator',
      async (claims): Promise<{ actor: Actor }> => {
        if (!consoleRoles.has(claims.role)) throw new LienthongError('FORBIDDEN', `A ${claims.role} has no live console`);
        const unit = await db.prisma.unit.findUnique({ where: { id: claims.unit }, select: { path: true } });
        if (!unit) throw new LienthongError('UNAUTHENTICATED', "The token's unit no longer exists");
        return { actor: { claims, unitPath: unit.path, ip: null } };
      },
      logger,
    ),
  );

  const handlers: Handlers<ConsoleRequests, ConsoleCtx> = {
    async watch({ conferenceId }, { socket, actor }) {
      const conference = await db.prisma.conference.findUnique({ where: { id: conferenceId }, select: { hostUnit: { select: { path: true } } } });
      if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${conferenceId}`);
      const root = effectiveRoot(actor, undefined)!;
      if (!covers(actor, conference.hostUnit.path) && !(await reachesInto(db.prisma, conferenceId, root))) {
        await recordAudit(db.prisma, { actor, action: 'console.watch', resourceId: conferenceId, unitPath: conference.hostUnit.path, outcome: 'denied' });
        throw new LienthongError('FORBIDDEN', 'This conference neither is hosted in nor reaches into your unit subtree');
      }
      await socket.join(healthRoomName(conferenceId, root));
      return hub.watch(conferenceId, socket.id, root);
    },
    async unwatch({ conferenceId }, { socket, actor }) {
      await socket.leave(healthRoomName(conferenceId, effectiveRoot(actor, undefined)!));
      await hub.unwatch(conferenceId, socket.id);
      return {};
    },
  };

  nsp.on('connection', (socket) => {
    const { actor } = socket.data as { actor: Actor };
    const log = logger.child({ personId: actor.claims.sub });
    const watching = new Set<string>();
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
      { socket, actor },
      { onError: (event, error, cause) => log[error.code === 'INTERNAL' ? 'error' : 'warn']({ event, error, err: cause }, 'request failed') },
    );
    socket.on('disconnect', () => {
      for (const conferenceId of watching) void hub.unwatch(conferenceId, socket.id).catch((err: unknown) => log.warn({ err }, 'unwatch failed'));
    });
  });

  return nsp;
}
