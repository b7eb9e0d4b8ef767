import { restClient, type LoginResponse } from '@lienthong/contracts';
import { restFailure } from './rest';

/** Sign-in needs no token: the plain client, same origin. */
const anonymous = restClient({ init: { cache: 'no-store' } });

/** POST /api/auth/login (rate limited server-side); the answer is validated. A wrong password is UNAUTHENTICATED. */
export async function logIn(username: string, password: string): Promise<LoginResponse> {
  try {
    return await anonymous.call('auth.login', { body: { username, password } });
  } catch (err) {
    // A refused password is the answer here, not a session that ended.
    throw restFailure(err, () => undefined);
  }
}
