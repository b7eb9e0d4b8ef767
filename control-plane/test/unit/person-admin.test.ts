import { describe, expect, it } from 'vitest';
import { personAdminRefusal, type Party, type PersonAction } from '../../src/auth/person-admin.js';

const party = (id: string, role: Party['role'], unitPath: string): Party => ({ id, role, unitPath });
const admin = party('admin', 'system_admin', '/TW/');
const hn = party('hn', 'operator', '/TW/HN/');
const hnPeer = party('hn-2', 'operator', '/TW/HN/');
const bdOperator = party('bd', 'operator', '/TW/HN/BD/');
const bdMember = party('bd-m', 'member', '/TW/HN/BD/');
const hnSiteOperator = party('hn-s', 'site_operator', '/TW/HN/');
const otherAdmin = party('admin-2', 'system_admin', '/TW/');

const allowed = null;
/** [actor, target, action, new role, allowed?] */
const table: [Party, Party, PersonAction, Party['role'] | undefined, boolean][] = [
  // never on oneself, whoever one is
  [admin, admin, 'disable', undefined, false],
  [hn, hn, 'changeRole', 'member', false],
  [hn, hn, 'resetPassword', undefined, false],
  // system admins manage everyone else
  [admin, otherAdmin, 'disable', undefined, true],
  [admin, hnPeer, 'resetPassword', undefined, true],
  [admin, bdMember, 'changeRole', 'system_admin', true],
  // an operator: members and site operators of the subtree, own unit included
  [hn, bdMember, 'changeRole', 'operator', true],
  [hn, bdMember, 'disable', undefined, true],
  [hn, bdMember, 'resetPassword', undefined, true],
  [hn, hnSiteOperator, 'resetPassword', undefined, true],
  [hn, hnSiteOperator, 'changeRole', 'member', true],
  // ...never a system admin, nor making one
  [hn, otherAdmin, 'disable', undefined, false],
  [hn, bdMember, 'changeRole', 'system_admin', false],
  // ...operators of units below: role and access, not their password
  [hn, bdOperator, 'changeRole', 'member', true],
  [hn, bdOperator, 'disable', undefined, true],
  [hn, bdOperator, 'resetPassword', undefined, false],
  // ...never a peer operator of the same unit, nor one above
  [hn, hnPeer, 'disable', undefined, false],
  [hn, hnPeer, 'changeRole', 'member', false],
  [bdOperator, hn, 'disable', undefined, false],
];

describe('who may manage whom', () => {
  it.each(table)('%o on %o: %s to %s -> %s', (actor, target, action, newRole, ok) => {
    const refusal = personAdminRefusal(actor, target, action, newRole);
    if (ok) expect(refusal).toBe(allowed);
    else expect(refusal).toEqual(expect.any(String));
  });
});
