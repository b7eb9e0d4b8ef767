import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A console login for the local demo: a system admin at the root unit, its password made once per
 * checkout and kept next to the auth secret, so what `npm start` printed stays true next time (it
 * is not a temporary password: the demo's login works as printed).
 */
export async function ensureDemoOperator(stack: { url: string; operatorToken: string }, stateDir: string) {
  const username = 'quantri';
  const passwordFile = path.join(stateDir, 'demo-operator-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(12).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const api = (method: string, route: string, body?: unknown) =>
    fetch(`${stack.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const units = (await (await api('GET', '/api/units?q=TW')).json()) as { items: { id: string; code: string }[] };
  const root = units.items.find((u) => u.code === 'TW');
  if (!root) throw new Error('the demo tree has no central unit (TW)');
  const created = await api('POST', '/api/people', { username, displayName: 'Quản trị (demo)', password, passwordIsTemporary: false, role: 'system_admin', unitId: root.id });
  if (created.status === 409) {
    // Already there from an earlier run (a kept database): make sure the password is this one.
    const found = (await (await api('GET', `/api/people?q=${username}`)).json()) as { items: { id: string; username: string }[] };
    const person = found.items.find((p) => p.username === username);
    if (person) await api('PATCH', `/api/people/${person.id}`, { password, passwordIsTemporary: false });
  } else if (!created.ok) {
    throw new Error(`could not create the demo operator: ${created.status} ${await created.text()}`);
  }
  return { username, password };
}
