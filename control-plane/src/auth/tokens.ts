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
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

const issuer = 'lienthong';
/** Nodes and recorders: re-minted and rolled out within this (see SECURITY.md), never a year. */
const serviceTokenTtlSeconds = 30 * 24 * 3600;

/**
 * Signs and verifies every lienthong token (HS256 JWTs). The `typ` claim keeps each kind of token
 * to its own door: a site token never authenticates a node, and so on.
 */
export class TokenService {
  /** Imported once: jose given raw bytes imports the key anew for every token it signs or checks. */
  private readonly key: Promise<CryptoKey>;

  /** `now`: the clock tokens are signed and checked by (tests move it instead of sleeping). */
  constructor(
    private readonly secret: string,
    readonly now: () => Date = () => new Date(),
  ) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
    let payload: JWTPayload;
    try {
      // Every kind of token must expire: one without `exp` is refused, whoever signed it.
      // `allowExpired` (logout only: ending a session needs no fresh token) accepts a day late.
      ({ payload } = await jwtVerify(token, await this.key, {
        issuer,
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        currentDate: this.now(),
        ...(options.allowExpired ? { clockTolerance: '24h' } : {}),
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new LienthongError('TOKEN_EXPIRED');
      throw new LienthongError('UNAUTHENTICATED', 'The token is not valid');
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new LienthongError('UNAUTHENTICATED', 'The token carries unexpected claims');
    if (claims.data.typ !== typ) throw new LienthongError('FORBIDDEN', `A ${claims.data.typ} token cannot be used here`);
    return { claims: claims.data as Extract<TokenClaims, { typ: T }>, expiresAt: payload.exp! * 1000 };
  }

  private async sign(claims: TokenClaims, ttlSeconds: number): Promise<string> {
    const { sub, ...rest } = claims;
    const now = Math.floor(this.now().getTime() / 1000);
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(await this.key);
  }
}
