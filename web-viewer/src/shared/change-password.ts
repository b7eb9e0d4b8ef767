import type { LoginResponse } from '@lienthong/contracts';
import type { AuthSession } from './auth-session';
import { sessionRestClient } from './rest';

/**
 * POST /api/auth/password with the session's token. The server ends the session and answers a
 * fresh login (validated), which the session takes over in place, with every tab sharing it. A
 * refusal (the current password wrong) is the form's to show: the session goes on.
 */
export async function changePassword(session: AuthSession, currentPassword: string, newPassword: string): Promise<LoginResponse> {
  const answer = await sessionRestClient(() => session, () => undefined).call('auth.changePassword', { body: { currentPassword, newPassword } });
  session.handOver(answer);
  return answer;
}
