import { callMessage, consoleEvents, consoleRequests, namespaces, wireErrorSchema } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { Failure, failureFromWire, toFailure } from '../../shared/failure';
import type { LiveHealthStore } from './health-store';

export type ConnectionState = { kind: 'connecting' } | { kind: 'live' } | { kind: 'failed'; failure: Failure };

/** How a watch is kept current: deltas (the design), or a full snapshot every second (the benchmark's naive baseline). */
export type WatchMode = 'deltas' | 'snapshots';

/**
 * The console's socket.io connection to /console for one conference: watch on every
 * (re)connection, apply deltas in sequence, and watch again after a gap.
 */
export class HealthConnection {
  private readonly socket: Socket;
  private watching: Promise<void> | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;

  constructor(
    token: string,
    private readonly conferenceId: string,
    private readonly store: LiveHealthStore,
    private readonly onState: (state: ConnectionState) => void,
    private readonly mode: WatchMode = 'deltas',
  ) {
    this.socket = io(namespaces.console, { auth: { token }, transports: ['websocket'], autoConnect: false, reconnectionDelayMax: 10_000 });
    this.socket.on('connect', () => {
      void this.watch();
      if (mode === 'snapshots') this.poller ??= setInterval(() => void this.watch(), 1000);
    });
    this.socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const wire = wireErrorSchema.safeParse(err.data);
      this.onState({ kind: 'failed', failure: wire.success ? failureFromWire(wire.data) : new Failure('NETWORK', err.message) });
    });
    this.socket.on('disconnect', () => this.onState({ kind: 'connecting' }));
    this.socket.on('health', (payload: unknown) => {
      if (mode !== 'deltas') return;
      const delta = consoleEvents.health.safeParse(payload);
      if (!delta.success) return console.warn('lienthong: dropped malformed health delta', delta.error.issues);
      if (this.store.applyDelta(delta.data) === 'gap') void this.watch();
    });
    this.socket.on('alert', (payload: unknown) => {
      const alert = consoleEvents.alert.safeParse(payload);
      if (alert.success) this.store.addAlerts(alert.data);
    });
  }

  start(): void {
    this.onState({ kind: 'connecting' });
    this.socket.connect();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.socket.disconnect();
    this.socket.removeAllListeners();
  }

  /** A full snapshot: on connecting, after a gap, or every second in the naive mode. */
  private watch(): Promise<void> {
    this.watching ??= callMessage(this.socket, consoleRequests, 'watch', { conferenceId: this.conferenceId })
      .then((snapshot) => {
        this.store.reset(snapshot);
        this.onState({ kind: 'live' });
      })
      .catch((err: unknown) => this.onState({ kind: 'failed', failure: toFailure(err) }))
      .finally(() => (this.watching = null));
    return this.watching;
  }
}
