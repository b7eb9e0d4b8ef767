// A signed-in person's session in the browser: the short-lived access token and the refresh token
// from POST /api/auth/login, refreshed silently (POST /api/auth/refresh) a little before the access
// token lapses, or once after a 401 TOKEN_EXPIRED, so a two-hour conference never sends its operator
// back to the login page. REST clients send through `session.fetch`; a socket asks `accessToken()`
// on every (re)connection. One refresh at a time: a refresh token works only once, so tabs holding
// the same session (`peers`) take turns and share each new pair. Where they cannot take turns (no
// Web Locks), a tab that lost the race is told REFRESH_RACED and takes the pair the winner shares;
// a tab whose refresh is refused first asks whether another tab replaced the session (a new
// password chosen there) before it gives up.
import { RestAnswerError, restClient, wireErrorSchema, type LoginResponse } from '@lienthong/contracts';
import type { SessionPeers } from './session-peers.js';

export interface AuthSessionOptions {
  /** Where /api lives ('' in the browser: same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** ms since the epoch (tests move it). */
  now?: () => number;
  /** Refresh this long before the access token lapses. */
  marginMs?: number;
  /** Told of every new login answer (to store it), and of the end of the session (null). */
  onChange?: (answer: LoginResponse | null, obtainedAt: number) => void;
  /** Other tabs of this browser that may hold the same session. */
  peers?: SessionPeers | null;
}

/**
 * How many times a tab whose refresh failed asks the others whether one of them replaced the
 * session (each ask waits `ASK_WAIT_MS`): the winner of a race answers once its own trade is back.
 */
const PEER_ASKS = 12;

export class SessionEnded extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SessionEnded';
  }
}

/** What the session holds: a token pasted into the URL has no refresh token and says nobody. */
interface Tokens {
  accessToken: string;
  refreshToken?: string;
  person: LoginResponse['person'] | null;
  expiresAt: number;
  /** The login answer it came from (what a peer tab is told). */
  answer?: LoginResponse;
  obtainedAt?: number;
}

export class AuthSession {
  private tokens: Tokens | null;
  private refreshing: Promise<void> | null = null;
  private readonly endListeners = new Set<(reason: string) => void>();
  private readonly personListeners = new Set<() => void>();
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  /** Refresh tokens this session has traded away (itself, or a peer tab for it). */
  private readonly spent = new Set<string>();

  /** A login answer, or a bare access token (pasted as `#token=…`: used as it is until the server refuses it). */
  constructor(
    answer: LoginResponse | { accessToken: string },
    private readonly options: AuthSessionOptions = {},
    obtainedAt?: number,
  ) {
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
    this.tokens =
      'expiresIn' in answer ? tokensOf(answer, obtainedAt ?? this.now()) : { accessToken: answer.accessToken, person: null, expiresAt: Number.POSITIVE_INFINITY };
    this.unlisten = options.peers?.listen({
      rotated: (spent, next, at) => {
        if (this.tokens?.refreshToken !== spent) return;
        this.spent.add(spent);
        this.adopt(next, at);
      },
      asked: (token) => {
        const t = this.tokens;
        if (this.spent.has(token) && t?.answer && t.obtainedAt !== undefined) options.peers?.tell({ type: 'rotated', spent: token, answer: t.answer, obtainedAt: t.obtainedAt });
      },
      ended: (token) => {
        if (this.tokens?.refreshToken === token || this.spent.has(token)) this.end('signed out in another tab');
      },
    });
  }

  private readonly unlisten?: () => void;

  get person(): LoginResponse['person'] | null {
    return this.tokens?.person ?? null;
  }

  get active(): boolean {
    return this.tokens !== null;
  }

  /** The access token, refreshed first when it is about to lapse. */
  async accessToken(): Promise<string> {
    const t = this.tokens;
    if (t?.refreshToken && this.now() >= t.expiresAt - (this.options.marginMs ?? 30_000)) await this.refresh();
    if (!this.tokens) throw new SessionEnded('signed out');
    return this.tokens.accessToken;
  }

  /** The `Authorization` header value. */
  async authorization(): Promise<string> {
    return `Bearer ${await this.accessToken()}`;
  }

  /** fetch with the access token; a 401 TOKEN_EXPIRED (the clocks disagree) is answered by one refresh and one retry. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const send = async () => this.fetchFn(url, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: await this.authorization() } });
    const res = await send();
    if (!(await this.isExpiry(res))) return res;
    await this.refresh();
    return send();
  }

  /** Trades the refresh token for new tokens (one trade at a time). Ends the session if refused. */
  refresh(): Promise<void> {
    this.refreshing ??= this.trade().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Called with the reason when the session ends by itself (refresh refused); returns the unsubscribe. */
  onEnded(listener: (reason: string) => void): () => void {
    this.endListeners.add(listener);
    return () => void this.endListeners.delete(listener);
  }

  /** Called after the person the session names changed (a new session taken over, e.g. after a new password); returns the unsubscribe. */
  onPersonChanged(listener: () => void): () => void {
    this.personListeners.add(listener);
    return () => void this.personListeners.delete(listener);
  }

  /**
   * The server ended this session and answered a new one in its place (a new password was chosen
   * here): this session and every tab sharing it carry on with the new pair.
   */
  handOver(answer: LoginResponse): void {
    const spent = this.tokens?.refreshToken;
    const obtainedAt = this.now();
    if (spent) {
      this.spent.add(spent);
      this.options.peers?.tell({ type: 'rotated', spent, answer, obtainedAt });
    }
    this.adopt(answer, obtainedAt);
  }

  /** Ends the session here and on the server (every token of this person stops working). */
  async logout(): Promise<void> {
    const tokens = this.tokens;
    this.tokens = null;
    this.unlisten?.();
    this.options.onChange?.(null, this.now());
    if (!tokens) return;
    if (tokens.refreshToken) this.options.peers?.tell({ type: 'ended', refreshToken: tokens.refreshToken });
    const withToken = restClient({ baseUrl: this.options.baseUrl, fetch: this.fetchFn, authorization: () => `Bearer ${tokens.accessToken}` });
    await withToken.result('auth.logout', { body: tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {} }).catch(() => undefined);
  }

  /** A 401 whose code says the token lapsed, while a refresh token could mend it. */
  private async isExpiry(res: Response): Promise<boolean> {
    if (res.status !== 401 || !this.tokens?.refreshToken) return false;
    const body: unknown = await res.clone().json().catch(() => undefined);
    return wireErrorSchema.safeParse(body).data?.code === 'TOKEN_EXPIRED';
  }

  private async trade(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) throw this.end('no refresh token: sign in again');
    const peers = this.options.peers;
    if (!peers) return this.tradeNow(refreshToken);
    await peers.exclusive(async () => {
      // Another tab may have traded it while this one waited, or long before (this tab slept).
      if (this.tokens?.refreshToken !== refreshToken) return;
      await peers.ask(refreshToken);
      if (this.tokens?.refreshToken !== refreshToken) return;
      await this.tradeNow(refreshToken);
      const t = this.tokens as Tokens | null;
      if (t?.answer && t.obtainedAt !== undefined) peers.tell({ type: 'rotated', spent: refreshToken, answer: t.answer, obtainedAt: t.obtainedAt });
    });
  }

  private async tradeNow(refreshToken: string): Promise<void> {
    /** The new pair, or why the server refused the trade. */
    const answer = await restClient({ baseUrl: this.options.baseUrl, fetch: this.fetchFn })
      .result('auth.refresh', { body: { refreshToken } })
      .then(
        (result) => (result.ok ? result.data : result.error.message),
        (err: unknown) => {
          // A refusal without a problem document (a proxy's error page) is a refusal all the same.
          if (err instanceof RestAnswerError && err.status >= 400) return `HTTP ${err.status}`;
          throw err;
        },
      );
    if (typeof answer === 'string') {
      // Another tab traded it a moment ago (REFRESH_RACED), or replaced the session (the server
      // refuses the old one): take what that tab shares rather than end the session.
      if (await this.takenOverByPeer(refreshToken)) return;
      throw this.end(answer);
    }
    this.spent.add(refreshToken);
    this.adopt(answer, this.now());
  }

  /** Asks the other tabs about `refreshToken` until one shares what replaced it (true) or none does in time. */
  private async takenOverByPeer(refreshToken: string): Promise<boolean> {
    const peers = this.options.peers;
    for (let i = 0; peers && i < PEER_ASKS && this.tokens?.refreshToken === refreshToken; i++) await peers.ask(refreshToken);
    return !!this.tokens && this.tokens.refreshToken !== refreshToken;
  }

  private adopt(answer: LoginResponse, obtainedAt: number): void {
    const before = JSON.stringify(this.tokens?.person ?? null);
    this.tokens = tokensOf(answer, obtainedAt);
    this.options.onChange?.(answer, obtainedAt);
    if (JSON.stringify(answer.person) !== before) for (const listener of this.personListeners) listener();
  }

  private end(reason: string): SessionEnded {
    this.tokens = null;
    this.unlisten?.();
    this.options.onChange?.(null, this.now());
    for (const listener of this.endListeners) listener(reason);
    return new SessionEnded(reason);
  }
}

const tokensOf = (answer: LoginResponse, obtainedAt: number): Tokens => ({
  accessToken: answer.accessToken,
  refreshToken: answer.refreshToken,
  person: answer.person,
  expiresAt: obtainedAt + answer.expiresIn * 1000,
  answer,
  obtainedAt,
});
