import { expect } from 'vitest';

/** The operator's REST call on one conference (`/api/conferences/:id<path>`): an error status fails the test with its body. */
export async function callConference(stack: { url: string; operatorToken: string }, conferenceId: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack.url}/api/conferences/${conferenceId}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}
