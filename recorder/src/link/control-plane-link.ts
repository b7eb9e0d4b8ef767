import {
  callMessage,
  namespaces,
  recorderEvents,
  recorderRequests,
  RenewingToken,
  type ProgramTrack,
  type RecorderRequests,
  type RenewingTokenOptions,
  type RequestOf,
  type ResponseOf,
} from '@lienthong/contracts';
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';

interface LinkEvents {
  programChanged: [{ recordingId: string; program: ProgramTrack[] }];
}

/**
 * The recorder's connection to the control plane (/recorder, recorder token). socket.io
 * reconnects by itself; calls made while it is down fail with TIMEOUT and the job retries them.
 * The token renews itself over this connection before it lapses; every reconnection shows the latest.
 */
export class ControlPlaneLink extends EventEmitter<LinkEvents> {
  private readonly socket: Socket;
  readonly token: RenewingToken;

  constructor(url: string, token: string, renewal: Pick<RenewingTokenOptions, 'onRenewed' | 'onError'> = {}) {
    super();
    this.token = new RenewingToken(token, { ...renewal, renew: async () => (await this.call('renewToken', {})).token }).start();
    this.socket = io(`${url}${namespaces.recorder}`, { auth: (give) => give({ token: this.token.current }), transports: ['websocket'] });
    this.socket.on('programChanged', (payload: unknown) => {
      const parsed = recorderEvents.programChanged.safeParse(payload);
      if (parsed.success) this.emit('programChanged', parsed.data);
    });
  }

  call<K extends Extract<keyof RecorderRequests, string>>(name: K, request: RequestOf<RecorderRequests, K>): Promise<ResponseOf<RecorderRequests, K>> {
    return callMessage(this.socket, recorderRequests, name, request);
  }

  /** Resolves once connected; rejects with the server's reason if the token is refused. */
  connected(timeoutMs = 15_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('control plane not reachable')), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once('connect_error', (err: Error & { data?: { message?: string } }) => {
        if (err.data?.message) {
          clearTimeout(timer);
          reject(new Error(`control plane refused the recorder: ${err.data.message}`));
        }
      });
    });
  }

  close(): void {
    this.token.stop();
    this.socket.close();
  }
}
