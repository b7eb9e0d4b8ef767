import { endpoints, type LoginResponse } from '@lienthong/contracts';
import type { AuthSession } from './auth-session';
import { Failure } from './failure';
import { readLoginAnswer } from './login';

/**
 * POST /api/auth/password with the session's token. The server ends the session and answers a
 * fresh login (validated), which the session takes over in place, with every tab sharing it.
 */
export async function changePassword(session: AuthSession, currentPassword: string, newPassword: string): Promise<LoginResponse> {
  const res = await session
    .fetch(endpoints['auth.changePassword'].path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ currentPassword, newPassword }),
    })
    .catch((err: unknown) => {
      throw err instanceof Failure ? err : new Failure('NETWORK', String(err));
    });
  const answer = await readLoginAnswer(res);
  session.handOver(answer);
  return answer;
}
