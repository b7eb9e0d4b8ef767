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
  type SiteSocketAuth,
  type SiteStageState,
  wireErrorSchema,
} from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { Failure, failureFromWire } from '../shared/failure';

/** Sends one site request and resolves with its validated answer (or rejects with LienthongError). */
export interface SiteRequester {
  request<K extends Extract<keyof SiteRequests, string>>(
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
  sessionEnded(reason: SessionEndReason, rejoinWithinMs?: number): void;
  /** This site's hand, floor, mute or sending state changed. */
  stageChanged(state: SiteStageState): void;
  notice(notice: Notice): void;
}

/** How long one request may wait for its ack; joins on a busy control plane can be slow. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The site's socket.io connection to the control plane (namespace /site on the page's origin). */
export class SiteSignaling implements SiteRequester {
  private readonly socket: Socket;

  /** `auth`: the join link's code (`/j/<code>`) or a site token (`/join#token=…`). */
  constructor(auth: SiteSocketAuth, private readonly listener: SignalingListener) {
    this.socket = io(namespaces.site, {
      auth,
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
    this.onEvent('sessionEnded', (event) => listener.sessionEnded(event.reason, event.rejoinWithinMs));
    this.onEvent('stageChanged', (event) => listener.stageChanged(event));
    this.onEvent('notice', (event) => listener.notice(event));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** This connection's id: the session a join makes is known by it (and resumed by it after a drop). */
  get id(): string | undefined {
    return this.socket.id;
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

  request<K extends Extract<keyof SiteRequests, string>>(
    name: K,
    request: RequestOf<SiteRequests, K>,
  ): Promise<ResponseOf<SiteRequests, K>> {
    // Never buffered for the next connection: that one must resume the session before anything else.
    if (!this.socket.connected) return Promise.reject(new Failure('NETWORK', `not connected: ${name} not sent`));
    return callMessage(this.socket, siteRequests, name, request, REQUEST_TIMEOUT_MS);
  }

  /** Sends a notification: volatile (dropped while the socket cannot write), no ack awaited. */
  notify<K extends SiteNotification>(name: K, request: RequestOf<SiteRequests, K>): void {
    this.socket.volatile.emit(name, request);
  }

  /** For the page's panels (votes): one pushed event, validated; answers how to stop listening. */
  on<K extends SiteEventName>(name: K, handler: (event: SiteEvent<K>) => void): () => void {
    return this.onEvent(name, handler);
  }

  /** Called on every (re)connection; answers how to stop. */
  onConnected(handler: () => void): () => void {
    this.socket.on('connect', handler);
    return () => void this.socket.off('connect', handler);
  }

  /** Listens to one pushed event, validated by its contract schema; malformed ones are dropped. */
  private onEvent<K extends SiteEventName>(name: K, handler: (event: SiteEvent<K>) => void): () => void {
    const event: string = name;
    const listener = (payload: unknown) => {
      const parsed = siteEvents[name].safeParse(payload);
      if (parsed.success) handler(parsed.data as SiteEvent<K>);
      else console.warn(`lienthong: dropped malformed '${name}' event`, parsed.error.issues);
    };
    this.socket.on(event, listener);
    return () => void this.socket.off(event, listener);
  }
}
