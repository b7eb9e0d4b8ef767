import { consoleEvents, namespaces, wireErrorSchema, type ConsoleEvent } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';

/** What the socket needs of the operator's session (shared/auth-session.ts). */
export interface SocketSession {
  accessToken(): Promise<string>;
  refresh(): Promise<void>;
}

/**
 * The console's one socket.io connection to /console, shared by the live health and the
 * thumbnails. Not connected yet: its owner connects it once its users listen, and closes it.
 *
 * Every (re)connection asks the session for its token, so a socket that reconnects after the
 * first access token lapsed shows a fresh one. Should the server still find it expired (the two
 * clocks disagree), the session refreshes once and the socket tries again; any other refusal, or
 * a second expiry in a row, is left to the socket's users to show.
 *
 * The server cuts a connected socket whose token no longer stands, saying why first
 * (`accessEnded`): after an expiry the socket connects again (with a fresh token: the page and its
 * watches stay); after a revocation (a logout elsewhere, a new password) the session tries one
 * refresh, which fails and ends it, so the shell goes back to the login page (unless another tab
 * of the session replaced it with a new password: the session takes that one and carries on).
 */
export function openConsoleSocket(session: SocketSession, url: string = namespaces.console): Socket {
  const socket = io(url, {
    auth: (give) => void session.accessToken().then((token) => give({ token }), () => give({})),
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelayMax: 10_000,
  });
  let retried = false;
  socket.on('connect', () => (retried = false));
  socket.on('connect_error', (err: Error & { data?: unknown }) => {
    if (retried || wireErrorSchema.safeParse(err.data).data?.code !== 'TOKEN_EXPIRED') return;
    retried = true;
    session.refresh().then(
      () => socket.connect(),
      () => undefined, // the session ended: the shell goes back to the login page
    );
  });
  let ended: ConsoleEvent<'accessEnded'>['reason'] | null = null;
  socket.on('accessEnded', (payload: unknown) => (ended = consoleEvents.accessEnded.safeParse(payload).data?.reason ?? null));
  socket.on('disconnect', (reason) => {
    const why = ended;
    ended = null;
    // Only a cut the server explained: socket.io reconnects by itself after a network drop, and a
    // disconnect the page asked for stays.
    if (reason !== 'io server disconnect' || !why) return;
    (why === 'revoked' ? session.refresh() : Promise.resolve()).then(
      () => socket.connect(),
      () => undefined, // the session ended: the shell goes back to the login page
    );
  });
  return socket;
}
