import { callMessage, consoleEvents, consoleRequests, wireErrorSchema } from '@lienthong/contracts';
import type { Socket } from 'socket.io-client';
import { Failure, failureFromWire, toFailure } from '../../shared/failure';
import type { LiveHealthStore } from './health-store';

export type ConnectionState = { kind: 'connecting' } | { kind: 'live' } | { kind: 'failed'; failure: Failure };

/** How a watch is kept current: deltas (the design), or a full snapshot every second (the benchmark's naive baseline). */
export type WatchMode = 'deltas' | 'snapshots';

/**
 * The live health of one conference over the console's /console socket: watch on every
 * (re)connection, apply deltas in sequence, and watch again after a gap. The socket is shared
 * (see console-socket.ts): this listens on it and connects it, its owner disconnects it.
 */
export class HealthConnection {
  private watching: Promise<void> | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private readonly listeners: Record<string, (...args: unknown[]) => void>;

  constructor(
    private readonly socket: Socket,
    private readonly conferenceId: string,
    private readonly store: LiveHealthStore,
    private readonly onState: (state: ConnectionState) => void,
    private readonly mode: WatchMode = 'deltas',
  ) {
    this.listeners = {
      connect: () => {
        void this.watch();
        if (mode === 'snapshots') this.poller ??= setInterval(() => void this.watch(), 1000);
      },
      connect_error: (err: unknown) => {
        const wire = wireErrorSchema.safeParse((err as { data?: unknown } | null)?.data);
        const message = err instanceof Error ? err.message : String(err);
        this.onState({ kind: 'failed', failure: wire.success ? failureFromWire(wire.data) : new Failure('NETWORK', message) });
      },
      disconnect: () => this.onState({ kind: 'connecting' }),
      health: (payload: unknown) => {
        if (mode !== 'deltas') return;
        const delta = consoleEvents.health.safeParse(payload);
        if (!delta.success) return console.warn('lienthong: dropped malformed health delta', delta.error.issues);
        if (this.store.applyDelta(delta.data) === 'gap') void this.watch();
      },
      alert: (payload: unknown) => {
        const alert = consoleEvents.alert.safeParse(payload);
        if (alert.success) this.store.addAlerts(alert.data);
      },
    };
  }

  start(): void {
    this.onState({ kind: 'connecting' });
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.on(event, listener);
    if (this.socket.connected) this.listeners.connect!();
    else this.socket.connect();
  }

  /** Stops listening; the socket stays to its owner. */
  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.off(event, listener);
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
