import {
  callMessage,
  namespaces,
  type Notice,
  type ProgramTrack,
  type RequestOf,
  type ResponseOf,
  type SessionEndReason,
  type SiteEvent,
  type SiteEventName,
  type SiteNotification,
  siteEvents,
  type SiteRequests,
  siteRequests,
  type SiteStageState,
  wireErrorSchema,
} from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { Failure, failureFromWire } from '../shared/failure';

/** Sends one site request and resolves with its validated answer (or rejects with LienthongError). */
export interface SiteRequester {
  request<K extends keyof SiteRequests & string>(
    name: K,
    request: RequestOf<SiteRequests, K>,
  ): Promise<ResponseOf<SiteRequests, K>>;
}

export interface SignalingListener {
  connected(): void;
  /**
   * Connecting failed. `willReconnect` is true when socket.io keeps trying by itself (network
   * trouble); false when the server refused the connection (then `failure` carries its code).
   */
  connectFailed(failure: Failure, willReconnect: boolean): void;
  /** An established connection ended (never called for our own `disconnect()`). */
  disconnected(failure: Failure, willReconnect: boolean): void;
  reconnectAttempt(attempt: number): void;
  programChanged(program: ProgramTrack[]): void;
  /** The server is about to end this session, and says why. */
  sessionEnded(reason: SessionEndReason): void;
  /** This site's hand, floor, mute or sending state changed. */
  stageChanged(state: SiteStageState): void;
  notice(notice: Notice): void;
}

/** How long one request may wait for its ack; joins on a busy control plane can be slow. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The site's socket.io connection to the control plane (namespace /site on the page's origin). */
export class SiteSignaling implements SiteRequester {
  private readonly socket: Socket;

  constructor(token: string, private readonly listener: SignalingListener) {
    this.socket = io(namespaces.site, {
      auth: { token },
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket.on('connect', () => listener.connected());
    this.socket.on('connect_error', (err) => {
      const wire = wireErrorSchema.safeParse(err.data);
      const willReconnect = this.socket.active;
      if (wire.success) {
        listener.connectFailed(failureFromWire(wire.data), willReconnect);
      } else {
        // No WireError attached: the server was not reached, or refused without saying why.
        listener.connectFailed(new Failure(willReconnect ? 'NETWORK' : 'INTERNAL', err.message), willReconnect);
      }
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      const willReconnect = this.socket.active;
      listener.disconnected(new Failure(willReconnect ? 'NETWORK' : 'SERVER_CLOSED', reason), willReconnect);
    });
    this.socket.io.on('reconnect_attempt', (attempt) => listener.reconnectAttempt(attempt));
    this.onEvent('programChanged', (event) => listener.programChanged(event.program));
    this.onEvent('sessionEnded', (event) => listener.sessionEnded(event.reason));
    this.onEvent('stageChanged', (event) => listener.stageChanged(event));
    this.onEvent('notice', (event) => listener.notice(event));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    if (!this.socket.active) this.socket.connect();
  }

  /** Drops the connection (the server then releases this site's media) without reconnecting. */
  disconnect(): void {
    this.socket.disconnect();
  }

  close(): void {
    this.socket.disconnect();
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
  }

  request<K extends keyof SiteRequests & string>(
    name: K,
    request: RequestOf<SiteRequests, K>,
  ): Promise<ResponseOf<SiteRequests, K>> {
    return callMessage(this.socket, siteRequests, name, request, REQUEST_TIMEOUT_MS);
  }

  /** Sends a notification: volatile (dropped while the socket cannot write), no ack awaited. */
  notify<K extends SiteNotification>(name: K, request: RequestOf<SiteRequests, K>): void {
    this.socket.volatile.emit(name, request);
  }

  /** Listens to one pushed event, validated by its contract schema; malformed ones are dropped. */
  private onEvent<K extends SiteEventName>(name: K, handler: (event: SiteEvent<K>) => void): void {
    const event: string = name;
    this.socket.on(event, (payload: unknown) => {
      const parsed = siteEvents[name].safeParse(payload);
      if (parsed.success) handler(parsed.data as SiteEvent<K>);
      else console.warn(`lienthong: dropped malformed '${name}' event`, parsed.error.issues);
    });
  }
}
