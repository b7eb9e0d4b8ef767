import { endpoints, loginResponseSchema, type LoginResponse, wireErrorSchema } from '@lienthong/contracts';
import { Failure } from './failure';

/** POST /api/auth/login (rate limited server-side); the answer is validated. A wrong password is UNAUTHENTICATED. */
export async function logIn(username: string, password: string): Promise<LoginResponse> {
  const res = await fetch(endpoints['auth.login'].path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  }).catch((err: unknown) => {
    throw new Failure('NETWORK', String(err));
  });
  return readLoginAnswer(res);
}

/** A login answer (sign-in, new password) checked against its contract, or the server's refusal as a Failure. */
export async function readLoginAnswer(res: Response): Promise<LoginResponse> {
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const wire = wireErrorSchema.safeParse(body);
    throw wire.success ? new Failure(wire.data.code, wire.data.message, wire.data.issues, wire.data.details) : new Failure('INTERNAL', `HTTP ${res.status}`);
  }
  const answer = loginResponseSchema.safeParse(body);
  if (!answer.success) throw new Failure('BAD_RESPONSE', answer.error.message);
  return answer.data;
}
