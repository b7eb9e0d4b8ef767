import { LienthongError } from '@lienthong/contracts';
import { rateLimit, type Store } from 'express-rate-limit';
import { verifyPassword } from '../../auth/passwords.js';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import { noMetrics, type MetricEvents } from '../../metrics/metric-events.js';
import { findLogin } from '../../domain/people.js';
import type { Mount } from '../endpoint.js';

export interface AuthDeps {
  db: Database;
  /** Where login attempts are counted (shared by every replica). */
  rateStore: Store;
  tokens: TokenService;
  accessTokenTtlSeconds: number;
  loginAttemptsPerMinute: number;
  metrics?: Pick<MetricEvents, 'loginFailed'>;
}

export function mountAuthRoutes(mount: Mount, deps: AuthDeps) {
  const metrics = deps.metrics ?? noMetrics;
  // Per client address, counted in Redis so replicas share the count.
  const limiter = rateLimit({
    store: deps.rateStore,
    windowMs: 60_000,
    limit: deps.loginAttemptsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      metrics.loginFailed('rate_limited');
      next(new LienthongError('TOO_MANY_REQUESTS', 'Too many login attempts; wait a minute'));
    },
  });

  mount(
    'auth.login',
    async ({ body }) => {
      const found = await findLogin(deps.db.prisma, body.username);
      // One answer for an unknown username and a wrong password.
      if (!(await verifyPassword(found?.passwordHash ?? null, body.password)) || !found) {
        metrics.loginFailed('credentials');
        throw new LienthongError('UNAUTHENTICATED', 'Wrong username or password');
      }
      const { person } = found;
      const accessToken = await deps.tokens.signOperator(
        { sub: person.id, role: person.role, unit: person.unitId, ...(person.siteId ? { site: person.siteId } : {}) },
        deps.accessTokenTtlSeconds,
      );
      return { accessToken, tokenType: 'Bearer' as const, expiresIn: deps.accessTokenTtlSeconds, person };
    },
    limiter,
  );
}
