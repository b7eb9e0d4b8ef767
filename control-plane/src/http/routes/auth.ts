import { LienthongError, type PersonRecord } from '@lienthong/contracts';
import type { Request } from 'express';
import type { LoginLimiter } from '../../auth/login-limiter.js';
import { verifyPassword } from '../../auth/passwords.js';
import type { RefreshTokens } from '../../auth/refresh-tokens.js';
import type { TokenVersions } from '../../auth/token-versions.js';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import { findLogin, findPerson } from '../../domain/people.js';
import { noMetrics, type MetricEvents } from '../../metrics/metric-events.js';
import type { Mount } from '../endpoint.js';
import { mountPasswordChange } from './auth-password.js';

export interface AuthDeps {
  db: Database;
  tokens: TokenService;
  accessTokenTtlSeconds: number;
  /** Failed logins counted per username, address and both (shared by every replica). */
  loginLimiter: LoginLimiter;
  refreshTokens: RefreshTokens;
  tokenVersions: TokenVersions;
  metrics?: Pick<MetricEvents, 'loginFailed'>;
}

/** Login, silent refresh and logout. Every answer with tokens has the same shape. */
export function mountAuthRoutes(mount: Mount, deps: AuthDeps) {
  const metrics = deps.metrics ?? noMetrics;
  const address = (req: Request) => req.ip ?? 'unknown';

  async function tokensFor(person: PersonRecord, version: number, family?: string) {
    const accessToken = await deps.tokens.signOperator(
      {
        sub: person.id,
        role: person.role,
        unit: person.unitId,
        ...(person.siteId ? { site: person.siteId } : {}),
        ver: version,
        ...(person.mustChangePassword ? { pwd: 'temporary' as const } : {}),
      },
      deps.accessTokenTtlSeconds,
    );
    const refreshToken = await deps.refreshTokens.issue(person.id, version, family);
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: deps.accessTokenTtlSeconds,
      refreshToken,
      refreshIdleSeconds: deps.refreshTokens.idleSeconds,
      person,
    };
  }

  mount('auth.login', async ({ body, req }) => {
    try {
      await deps.loginLimiter.check(body.username, address(req));
    } catch (err) {
      metrics.loginFailed('rate_limited');
      throw err;
    }
    const found = await findLogin(deps.db.prisma, body.username);
    // One answer for an unknown username and a wrong password.
    if (!(await verifyPassword(found?.passwordHash ?? null, body.password)) || !found) {
      metrics.loginFailed('credentials');
      await deps.loginLimiter.failed(body.username, address(req));
      throw new LienthongError('UNAUTHENTICATED', 'Wrong username or password');
    }
    await deps.loginLimiter.succeeded(body.username, address(req));
    return tokensFor(found.person, await deps.tokenVersions.current(found.person.id));
  });

  mount('auth.refresh', async ({ body }) => {
    const entry = await deps.refreshTokens.use(body.refreshToken);
    const person = await findPerson(deps.db.prisma, entry.personId);
    if (!person?.canLogIn) throw new LienthongError('UNAUTHENTICATED', 'This person can no longer sign in');
    const version = await deps.tokenVersions.current(person.id);
    if (entry.version < version) throw new LienthongError('UNAUTHENTICATED', 'The session was ended (logout or a new password): sign in again');
    return tokensFor(person, version, entry.family);
  });

  mountPasswordChange(mount, { ...deps, address, tokensFor });

  mount('auth.logout', async ({ body, req }) => {
    // Whoever the refresh token or the access token names (an expired access token still does).
    const byRefresh = body.refreshToken ? await deps.refreshTokens.revoke(body.refreshToken) : null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const byAccess = bearer ? await deps.tokens.verify(bearer, 'operator', { allowExpired: true }).catch(() => null) : null;
    const personId = byRefresh?.personId ?? byAccess?.sub;
    if (!personId) throw new LienthongError('UNAUTHENTICATED', 'Send the access token or the refresh token of the session to end');
    await deps.tokenVersions.revokeAll(personId);
    return { loggedOut: true as const };
  });
}
