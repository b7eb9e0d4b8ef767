import { LienthongError, socketAuthSchema, toWireError, type TokenClaims, type TokenType } from '@lienthong/contracts';
import type { Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logger.js';

/**
 * socket.io connection middleware for one namespace: `load` authenticates the handshake and
 * returns what the namespace needs, which goes into `socket.data`. A refusal reaches the client
 * as a connect_error whose `data` is a WireError, so it can say exactly why.
 */
export function connectionMiddleware<D>(load: (socket: Socket) => Promise<D>, logger: Logger) {
  return (socket: Socket, next: (err?: Error) => void) => {
    load(socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      (err: unknown) => {
        const wire = toWireError(err);
        logger.warn({ nsp: socket.nsp.name, address: socket.handshake.address, error: wire }, 'connection refused');
        next(Object.assign(new Error(wire.message), { data: wire }));
      },
    );
  };
}

/** The token a peer sent in its handshake's `auth`. */
export function handshakeToken(socket: Socket): string {
  const auth = socketAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) throw new LienthongError('UNAUTHENTICATED', 'Connect with { auth: { token } }');
  return auth.data.token;
}

/** A connection middleware that verifies the token in `auth` and loads what the namespace needs from its claims. */
export function tokenMiddleware<T extends TokenType, D>(
  tokens: TokenService,
  typ: T,
  load: (claims: Extract<TokenClaims, { typ: T }>) => Promise<D>,
  logger: Logger,
) {
  return connectionMiddleware(async (socket) => load(await tokens.verify(handshakeToken(socket), typ)), logger);
}

/**
 * The root namespace serves nobody (every peer has a namespace of its own): without this, anyone
 * could hold a socket.io connection open on it without a token.
 */
export function refuseRootNamespace(io: Server): void {
  const wire = new LienthongError('FORBIDDEN', 'Connect to a namespace: /site, /console, /node or /recorder').toWire();
  io.of('/').use((_socket, next) => next(Object.assign(new Error(wire.message), { data: wire })));
}
