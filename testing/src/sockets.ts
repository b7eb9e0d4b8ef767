import type { WireError } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';

/** socket.io clients of a test against a control plane at `url()`, closed together after each test. */
export class TestSockets {
  private readonly open: Socket[] = [];

  constructor(private readonly url: () => string) {}

  /** Connects to a namespace; a refusal resolves with its WireError rather than throwing. */
  attempt(namespace: string, auth: object): Promise<{ socket: Socket; refused?: WireError }> {
    const socket = io(`${this.url()}${namespace}`, { auth, transports: ['websocket'], reconnection: false });
    this.open.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (err: Error & { data?: WireError }) => resolve({ socket, refused: err.data }));
    });
  }

  /** Connects to a namespace, or throws with the refusal. */
  async connect(namespace: string, auth: object): Promise<Socket> {
    const { socket, refused } = await this.attempt(namespace, auth);
    if (refused) throw new Error(`${namespace} refused: ${refused.code} ${refused.message}`);
    return socket;
  }

  closeAll(): void {
    this.open.splice(0).forEach((s) => s.close());
  }
}

/** Every payload of one event a socket is pushed from now on, in order. */
export function heard<T>(socket: Socket, event: string): T[] {
  const got: T[] = [];
  socket.on(event, (payload: T) => got.push(payload));
  return got;
}
