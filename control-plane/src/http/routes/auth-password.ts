// POST /api/auth/password: the signed-in person replaces their password, proving the current one.
// It is the only call an access token signed with a temporary password opens (it authenticates
// itself, like logout, so the endpoint table's capability gate does not refuse it).
import { LienthongError, uuidSchema, type LoginResponse, type PersonRecord } from '@lienthong/contracts';
import type { Request } from 'express';
import type { LoginLimiter } from '../../auth/login-limiter.js';
import { verifyPassword } from '../../auth/passwords.js';
import type { TokenVersions } from '../../auth/token-versions.js';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import { recordAudit } from '../../domain/audit.js';
import { findLogin, findPerson, updatePerson } from '../../domain/people.js';
import { bearerToken } from '../authenticate.js';
import type { Mount } from '../endpoint.js';

export interface PasswordChangeDeps {
  db: Database;
  tokens: TokenService;
  loginLimiter: LoginLimiter;
  tokenVersions: TokenVersions;
  address(req: Request): string;
  /** Signs a fresh session (a new refresh family) for the person at this token version. */
  tokensFor(person: PersonRecord, version: number): Promise<LoginResponse>;
}

export function mountPasswordChange(mount: Mount, deps: PasswordChangeDeps) {
  mount('auth.changePassword', async ({ body, req }) => {
    const claims = await deps.tokens.verify(bearerToken(req), 'operator');
    if ((claims.ver ?? 0) < (await deps.tokenVersions.current(claims.sub))) {
      throw new LienthongError('UNAUTHENTICATED', 'This token was revoked (logout or a new password): sign in again');
    }
    // Tools' tokens name no stored person (their subject is not even an id).
    const person = uuidSchema.safeParse(claims.sub).success ? await findPerson(deps.db.prisma, claims.sub) : null;
    const login = person && (await findLogin(deps.db.prisma, person.username));
    if (!person || !login?.passwordHash) throw new LienthongError('UNAUTHENTICATED', 'This person can no longer sign in');
    // A stolen access token must not try passwords faster than the login form allows.
    await deps.loginLimiter.check(person.username, deps.address(req));
    if (!(await verifyPassword(login.passwordHash, body.currentPassword))) {
      await deps.loginLimiter.failed(person.username, deps.address(req));
      throw new LienthongError('BAD_REQUEST', 'The current password is wrong', [{ path: ['currentPassword'], message: 'wrong password' }]);
    }
    const actor = { claims, unitPath: person.unitPath, ip: req.ip ?? null };
    // The new password, its audit entry and the end of every older session, at once.
    const { updated, version } = await deps.db.prisma.$transaction(async (tx) => {
      const updated = await updatePerson(tx, person.id, { password: body.newPassword, passwordIsTemporary: false });
      const version = await deps.tokenVersions.raise(tx, person.id);
      await recordAudit(tx, { actor, action: 'auth.changePassword', resourceId: person.id, unitPath: person.unitPath, outcome: 'done', details: { wasTemporary: person.mustChangePassword } });
      return { updated, version };
    });
    await deps.tokenVersions.committed(person.id, version);
    await deps.loginLimiter.succeeded(person.username, deps.address(req));
    return deps.tokensFor(updated, version);
  });
}
