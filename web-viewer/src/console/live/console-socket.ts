import { namespaces } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';

/**
 * The console's one socket.io connection to /console, shared by the live health and the
 * thumbnails. Not connected yet: its owner connects it once its users listen, and closes it.
 */
export function openConsoleSocket(token: string): Socket {
  return io(namespaces.console, { auth: { token }, transports: ['websocket'], autoConnect: false, reconnectionDelayMax: 10_000 });
}
