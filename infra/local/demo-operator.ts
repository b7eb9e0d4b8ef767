import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { operatorApi } from './operator-api.js';

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
  const api = operatorApi(stack);
  const units = await api.call('units.list', { query: { q: 'TW' } });
  const root = units.items.find((u) => u.code === 'TW');
  if (!root) throw new Error('the demo tree has no central unit (TW)');
  const created = await api.result('people.create', {
    body: { username, displayName: 'Quản trị (demo)', password, passwordIsTemporary: false, role: 'system_admin', unitId: root.id },
  });
  if (created.status === 409) {
    // Already there from an earlier run (a kept database): make sure the password is this one.
    const found = await api.call('people.list', { query: { q: username } });
    const person = found.items.find((p) => p.username === username);
    if (person) await api.call('people.update', { params: { id: person.id }, body: { password, passwordIsTemporary: false } });
  } else if (!created.ok) {
    throw new Error(`could not create the demo operator: ${created.status} ${created.error.message}`);
  }
  return { username, password };
}
