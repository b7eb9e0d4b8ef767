import {
  LienthongError,
  type MediaTokenInput,
  tokenClaimsSchema,
  type DocumentTokenClaims,
  type NodeTokenClaims,
  type OperatorTokenClaims,
  type RecorderTokenClaims,
  type SiteTokenInput,
  type TokenClaims,
  type TokenType,
} from '@lienthong/contracts';
import { createSigner, createVerifier } from 'fast-jwt';

const issuer = 'lienthong';
/** Nodes and recorders: re-minted and rolled out within this (see SECURITY.md), never a year. */
const serviceTokenTtlSeconds = 30 * 24 * 3600;

/** `allowExpired` (logout only: ending a session needs no fresh token) accepts a token a day late. */
const expiredTolerance = 24 * 3600;

/**
 * Signs and verifies every lienthong token (HS256 JWTs). The `typ` claim keeps each kind of token
 * to its own door: a site token never authenticates a node, and so on.
 *
 * fast-jwt (node:crypto, synchronous) rather than a WebCrypto library: every site's connection
 * checks a token, and WebCrypto's HMAC cost ~45 µs of CPU a check here (a thread-pool hop and its
 * algorithm normalisation) against ~6 µs. Expiry is checked here, on the service's own clock.
 */
export class TokenService {
  private readonly signWith: (payload: Record<string, unknown>) => string;
  private readonly check: (token: string) => Record<string, unknown>;

  /** `now`: the clock tokens are signed and checked by (tests move it instead of sleeping). */
  constructor(
    private readonly secret: string,
    readonly now: () => Date = () => new Date(),
  ) {
    this.signWith = createSigner({ key: secret, algorithm: 'HS256' });
    // Every kind of token must expire: one without `exp` is refused, whoever signed it.
    this.check = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: issuer, requiredClaims: ['exp', 'iss'], ignoreExpiration: true, ignoreNotBefore: false, cache: false });
  }

  /**
   * The same keys on another clock: a test signs a token that lapsed a minute ago, or checks one
   * an hour on, instead of waiting for the wall clock.
   */
  withClock(now: () => Date): TokenService {
    return new TokenService(this.secret, now);
  }

  signSite(claims: SiteTokenInput, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'site', gen: 0, ...claims }, ttlSeconds);
  }
  signNode(claims: Omit<NodeTokenClaims, 'typ'>, ttlSeconds = serviceTokenTtlSeconds): Promise<string> {
    return this.sign({ typ: 'node', ...claims }, ttlSeconds);
  }
  /** A recorder process's token (minted for its deployment like a node's). */
  signRecorder(claims: Omit<RecorderTokenClaims, 'typ'>, ttlSeconds = serviceTokenTtlSeconds): Promise<string> {
    return this.sign({ typ: 'recorder', ...claims }, ttlSeconds);
  }
  signOperator(claims: Omit<OperatorTokenClaims, 'typ'>, ttlSeconds = 12 * 3600): Promise<string> {
    return this.sign({ typ: 'operator', ...claims }, ttlSeconds);
  }

  signDocument(claims: Omit<DocumentTokenClaims, 'typ'>, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'document', ...claims }, ttlSeconds);
  }
  signMedia(claims: MediaTokenInput, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'media', av: 0, ...claims }, ttlSeconds);
  }

  /** Verifies signature, expiry and kind; throws UNAUTHENTICATED / TOKEN_EXPIRED / FORBIDDEN. */
  async verify<T extends TokenType>(token: string, typ: T, options: { allowExpired?: boolean } = {}): Promise<Extract<TokenClaims, { typ: T }>> {
    return (await this.verifyUntil(token, typ, options)).claims;
  }

  /** `verify`, and when the token lapses (ms since the epoch): a socket it opened is cut then. */
  async verifyUntil<T extends TokenType>(
    token: string,
    typ: T,
    options: { allowExpired?: boolean } = {},
  ): Promise<{ claims: Extract<TokenClaims, { typ: T }>; expiresAt: number }> {
    let payload: Record<string, unknown>;
    try {
      payload = this.check(token);
    } catch {
      throw new LienthongError('UNAUTHENTICATED', 'The token is not valid');
    }
    const exp = payload.exp;
    if (typeof exp !== 'number') throw new LienthongError('UNAUTHENTICATED', 'The token is not valid');
    if (exp + (options.allowExpired ? expiredTolerance : 0) <= this.now().getTime() / 1000) throw new LienthongError('TOKEN_EXPIRED');
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new LienthongError('UNAUTHENTICATED', 'The token carries unexpected claims');
    if (claims.data.typ !== typ) throw new LienthongError('FORBIDDEN', `A ${claims.data.typ} token cannot be used here`);
    return { claims: claims.data as Extract<TokenClaims, { typ: T }>, expiresAt: exp * 1000 };
  }

  private async sign(claims: TokenClaims, ttlSeconds: number): Promise<string> {
    const now = Math.floor(this.now().getTime() / 1000);
    return this.signWith({ ...claims, iss: issuer, iat: now, exp: now + ttlSeconds });
  }
}
