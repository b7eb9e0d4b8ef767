import { LienthongError, socketAuthSchema, toWireError, type TokenClaims, type TokenType } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logger.js';

/**
 * socket.io connection middleware for one namespace: verifies the token in `auth`, loads whatever
 * the namespace needs, and puts it in `socket.data`. A refusal reaches the client as a
 * connect_error whose `data` is a WireError, so it can say exactly why.
 */
export function tokenMiddleware<T extends TokenType, D>(
  tokens: TokenService,
  typ: T,
  load: (claims: Extract<TokenClaims, { typ: T }>) => Promise<D>,
  logger: Logger,
) {
  return (socket: Socket, next: (err?: Error) => void) => {
    void (async () => {
      const auth = socketAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success) throw new LienthongError('UNAUTHENTICATED', 'Connect with { auth: { token } }');
      const claims = await tokens.verify(auth.data.token, typ);
      socket.data = await load(claims);
    })().then(
      () => next(),
      (err: unknown) => {
        const wire = toWireError(err);
        logger.warn({ nsp: socket.nsp.name, address: socket.handshake.address, error: wire }, 'connection refused');
        next(Object.assign(new Error(wire.message), { data: wire }));
      },
    );
  };
}
