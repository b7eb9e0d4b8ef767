import { LienthongError, type OperatorTokenClaims } from '@lienthong/contracts';

/**
 * A token signed with a temporary password opens nothing but choosing a new one (REST and
 * sockets alike): whoever set that password could otherwise act in the person's name.
 */
export function refuseTemporaryPassword(claims: Pick<OperatorTokenClaims, 'pwd'>): void {
  if (claims.pwd === 'temporary') throw new LienthongError('PASSWORD_CHANGE_REQUIRED');
}
