// The token a media node or a recorder holds, renewed by itself: two thirds into its lifetime
// it asks the control plane (over the connection the token opened) for a fresh one with the same
// id, so a process that runs for months never meets its token's expiry and nobody re-mints tokens
// by hand. Every (re)connection shows the latest token. A failed renewal is tried again a minute
// later, until the token lapses.
import { z } from 'zod';

const claimsSchema = z.object({ exp: z.number(), iat: z.number().optional() });

/** When a JWT was issued and lapses (ms since the epoch), read without verifying: only to plan the renewal. */
export function tokenLifetime(token: string): { issuedAt: number; expiresAt: number } | null {
  try {
    const part = token.split('.')[1] ?? '';
    const claims = claimsSchema.safeParse(JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))));
    if (!claims.success) return null;
    const expiresAt = claims.data.exp * 1000;
    return { issuedAt: (claims.data.iat ?? claims.data.exp - 86_400) * 1000, expiresAt };
  } catch {
    return null;
  }
}

export interface RenewingTokenOptions {
  /** Asks the control plane for a fresh token (rejects while no connection can). */
  renew(): Promise<string>;
  /** Told of every fresh token (to log it, or keep it for a restart). */
  onRenewed?(token: string, expiresAt: number): void;
  onError?(err: unknown): void;
  /** How long to wait before trying again after a failed renewal. */
  retryMs?: number;
  now?: () => number;
}

/** setTimeout's longest delay (about 24.8 days); a later renewal is planned again when it fires. */
const longestDelayMs = 2 ** 31 - 1;

export class RenewingToken {
  private token: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    token: string,
    private readonly o: RenewingTokenOptions,
  ) {
    this.token = token;
  }

  /** The latest token: what the next (re)connection shows. */
  get current(): string {
    return this.token;
  }

  /** When the current token should be renewed: two thirds into its lifetime (ms since the epoch). */
  get renewAt(): number {
    const life = tokenLifetime(this.token);
    if (!life) return Number.POSITIVE_INFINITY;
    return life.issuedAt + ((life.expiresAt - life.issuedAt) * 2) / 3;
  }

  /** Plans the renewals; `stop()` ends them. */
  start(): this {
    this.plan(this.renewAt);
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private plan(at: number): void {
    if (this.stopped || !Number.isFinite(at)) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, at - (this.o.now ?? Date.now)());
    this.timer = setTimeout(() => void this.due(at), Math.min(delay, longestDelayMs));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async due(at: number): Promise<void> {
    this.timer = null;
    if ((this.o.now ?? Date.now)() < at) return this.plan(at);
    try {
      const fresh = await this.o.renew();
      const life = tokenLifetime(fresh);
      if (!life) throw new Error('the renewed token has no expiry');
      this.token = fresh;
      this.o.onRenewed?.(fresh, life.expiresAt);
      this.plan(this.renewAt);
    } catch (err) {
      this.o.onError?.(err);
      this.plan((this.o.now ?? Date.now)() + (this.o.retryMs ?? 60_000));
    }
  }
}
