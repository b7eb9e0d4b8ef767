import {
  LienthongError,
  type MediaTokenClaims,
  tokenClaimsSchema,
  type DocumentTokenClaims,
  type NodeTokenClaims,
  type OperatorTokenClaims,
  type RecorderTokenClaims,
  type SiteTokenClaims,
  type TokenClaims,
  type TokenType,
} from '@lienthong/contracts';
import { errors, jwtVerify, SignJWT } from 'jose';

const issuer = 'lienthong';

/**
 * Signs and verifies every lienthong token (HS256 JWTs). The `typ` claim keeps each kind of token
 * to its own door: a site token never authenticates a node, and so on.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  signSite(claims: Omit<SiteTokenClaims, 'typ'>, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'site', ...claims }, ttlSeconds);
  }
  signNode(claims: Omit<NodeTokenClaims, 'typ'>, ttlSeconds = 365 * 24 * 3600): Promise<string> {
    return this.sign({ typ: 'node', ...claims }, ttlSeconds);
  }
  /** A recorder process's token (minted for its deployment like a node's). */
  signRecorder(claims: Omit<RecorderTokenClaims, 'typ'>, ttlSeconds = 365 * 24 * 3600): Promise<string> {
    return this.sign({ typ: 'recorder', ...claims }, ttlSeconds);
  }
  signOperator(claims: Omit<OperatorTokenClaims, 'typ'>, ttlSeconds = 12 * 3600): Promise<string> {
    return this.sign({ typ: 'operator', ...claims }, ttlSeconds);
  }

  signDocument(claims: Omit<DocumentTokenClaims, 'typ'>, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'document', ...claims }, ttlSeconds);
  }
  signMedia(claims: Omit<MediaTokenClaims, 'typ'>, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'media', ...claims }, ttlSeconds);
  }

  /** Verifies signature, expiry and kind; throws UNAUTHENTICATED / TOKEN_EXPIRED / FORBIDDEN. */
  async verify<T extends TokenType>(token: string, typ: T): Promise<Extract<TokenClaims, { typ: T }>> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer, algorithms: ['HS256'] }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new LienthongError('TOKEN_EXPIRED');
      throw new LienthongError('UNAUTHENTICATED', 'The token is not valid');
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new LienthongError('UNAUTHENTICATED', 'The token carries unexpected claims');
    if (claims.data.typ !== typ) throw new LienthongError('FORBIDDEN', `A ${claims.data.typ} token cannot be used here`);
    return claims.data as Extract<TokenClaims, { typ: T }>;
  }

  private sign(claims: TokenClaims, ttlSeconds: number): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }
}
