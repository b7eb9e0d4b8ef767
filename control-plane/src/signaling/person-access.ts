// A socket opened with a person's access token lives no longer than the token stands, as a REST
// call would not (issue 14, finding 7): it is refused when revoked already, cut when the token
// expires (checked on each message and by a sweep) and when the person's token version rises (a
// logout, a new password, a changed role: at once on every replica, the raise being passed on by the
// socket.io adapter's server-side events; the sweep, which asks the same Redis-cached version the
// REST check asks once per person, is the safety net for a lost message). The console is told why first (`accessEnded`): it reconnects with a fresh
// token after an expiry, and goes back to its login page after a revocation.
import { LienthongError, type Ack, type ConsoleEvent, type OperatorTokenClaims } from '@lienthong/contracts';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { revokedMessage, type TokenVersions } from '../auth/token-versions.js';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logger.js';
import { connectionMiddleware, handshakeToken } from './token-middleware.js';

/** What a person's socket keeps of its token, to check it again later. */
export interface PersonAccess {
  personId: string;
  version: number | undefined;
  /** ms since the epoch */
  expiresAt: number;
}

type Reason = ConsoleEvent<'accessEnded'>['reason'];
/** The server-side event (between replicas) saying that a person's tokens older than `version` are dead. */
const revokedEvent = 'tokenVersionRaised';
const revokedArgsSchema = z.tuple([z.string(), z.number().int().nonnegative()]);
const accessOf = (socket: Socket) => (socket.data as { access: PersonAccess }).access;

/**
 * Connection middleware for a namespace of people: verifies the access token, refuses a revoked
 * one, and keeps `access` in `socket.data` next to what `load` returns.
 */
export function personTokenMiddleware<D extends object>(
  deps: { tokens: TokenService; tokenVersions: Pick<TokenVersions, 'stands'> },
  load: (claims: OperatorTokenClaims) => Promise<D>,
  logger: Logger,
) {
  return connectionMiddleware(async (socket): Promise<D & { access: PersonAccess }> => {
    const { claims, expiresAt } = await deps.tokens.verifyUntil(handshakeToken(socket), 'operator');
    if (!(await deps.tokenVersions.stands(claims.sub, claims.ver))) throw new LienthongError('UNAUTHENTICATED', revokedMessage);
    return { ...(await load(claims)), access: { personId: claims.sub, version: claims.ver, expiresAt } };
  }, logger);
}

/** Cuts the namespace's sockets whose token no longer stands; `close` stops the sweep. */
export function guardPersonSockets(
  nsp: Namespace,
  deps: { tokenVersions: Pick<TokenVersions, 'current' | 'onRaised'>; now: () => Date; checkMs: number; logger: Logger },
): { close(): void } {
  const end = (socket: Socket, reason: Reason) => {
    if (!socket.connected) return;
    deps.logger.info({ nsp: nsp.name, personId: accessOf(socket).personId, reason }, 'access ended: socket cut');
    socket.emit('accessEnded', { reason } satisfies ConsoleEvent<'accessEnded'>);
    socket.disconnect(true);
  };
  const expired = (socket: Socket) => deps.now().getTime() >= accessOf(socket).expiresAt;
  /** Cuts this replica's sockets of `personId` whose token is older than `version`. */
  const revoke = (personId: string, version: number) => {
    for (const socket of nsp.sockets.values()) {
      const access = accessOf(socket);
      if (access.personId === personId && (access.version ?? 0) < version) end(socket, 'revoked');
    }
  };
  const stopListening = deps.tokenVersions.onRaised((personId, version) => {
    revoke(personId, version);
    nsp.serverSideEmit(revokedEvent, personId, version);
  });
  nsp.on(revokedEvent, (...args: unknown[]) => {
    const parsed = revokedArgsSchema.safeParse(args);
    if (!parsed.success) return deps.logger.warn({ error: parsed.error.message }, 'unreadable revocation from another replica');
    revoke(...parsed.data);
  });

  nsp.on('connection', (socket) => {
    // A message after the expiry is not served: its ack says why, and the socket is cut.
    socket.use((packet, next) => {
      if (!expired(socket)) return next();
      const ack: unknown = packet.at(-1);
      if (typeof ack === 'function') (ack as (answer: Ack<never>) => void)({ ok: false, error: new LienthongError('TOKEN_EXPIRED').toWire() });
      end(socket, 'expired');
    });
  });

  let sweeping = false;
  async function sweep(): Promise<void> {
    const byPerson = new Map<string, Socket[]>();
    for (const socket of nsp.sockets.values()) {
      if (expired(socket)) end(socket, 'expired');
      else byPerson.set(accessOf(socket).personId, [...(byPerson.get(accessOf(socket).personId) ?? []), socket]);
    }
    await Promise.all(
      [...byPerson].map(async ([personId, sockets]) => {
        const current = await deps.tokenVersions.current(personId);
        for (const socket of sockets) if ((accessOf(socket).version ?? 0) < current) end(socket, 'revoked');
      }),
    );
  }
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((err: unknown) => deps.logger.warn({ err, nsp: nsp.name }, 'access sweep failed'))
      .finally(() => (sweeping = false));
  }, deps.checkMs);
  timer.unref();
  return {
    close: () => {
      clearInterval(timer);
      stopListening();
    },
  };
}
