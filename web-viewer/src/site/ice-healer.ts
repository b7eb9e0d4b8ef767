import type { types } from 'mediasoup-client';

export interface IceHealerPolicy {
  /** How long a transport may stay 'disconnected' (it often heals alone) before an ICE restart. */
  disconnectedGraceMs: number;
  /** How long an ICE restart may take to reconnect before the next one (or giving up). */
  restartTimeoutMs: number;
  /** Consecutive restarts before the session rejoins from scratch. */
  maxRestarts: number;
}

export const defaultIceHealerPolicy: IceHealerPolicy = { disconnectedGraceMs: 2_000, restartTimeoutMs: 8_000, maxRestarts: 3 };

/**
 * Heals one transport after a network blip without a rejoin: the transport, its DTLS session,
 * producers and consumers stay; only the ICE path is renegotiated. A blip that outlasts a few
 * restarts (a moved node, a dead one) is handed back as a failure, and the session rejoins.
 */
export class IceHealer {
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private closed = false;
  /** Restarts done over the transport's life (diagnostics). */
  restarts = 0;

  constructor(
    private readonly restart: () => Promise<void>,
    private readonly giveUp: () => void,
    private readonly policy: IceHealerPolicy = defaultIceHealerPolicy,
  ) {}

  stateChanged(state: types.ConnectionState): void {
    if (this.closed) return;
    if (state === 'connected') {
      this.clearTimers();
      this.attempts = 0;
    } else if (state === 'disconnected') {
      if (this.graceTimer === null && this.restartTimer === null) {
        this.graceTimer = setTimeout(() => {
          this.graceTimer = null;
          this.tryRestart();
        }, this.policy.disconnectedGraceMs);
      }
    } else if (state === 'failed') {
      if (this.restartTimer === null) this.tryRestart();
    }
  }

  close(): void {
    this.closed = true;
    this.clearTimers();
  }

  private tryRestart(): void {
    this.clearTimers();
    if (this.closed) return;
    if (this.attempts >= this.policy.maxRestarts) {
      this.giveUp();
      return;
    }
    this.attempts += 1;
    this.restarts += 1;
    // If this restart has not reconnected in time, try again (or give up).
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.tryRestart();
    }, this.policy.restartTimeoutMs);
    this.restart().catch(() => {
      // The server could not give new credentials (the transport or node is gone): rejoin.
      if (this.closed) return;
      this.clearTimers();
      this.giveUp();
    });
  }

  private clearTimers(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.graceTimer = null;
    this.restartTimer = null;
  }
}
