// Who may change another person's role, disable them or draw them a new password. Pure: the
// route loads both people and asks; a refusal is audited there.
import { hasGlobalScope, type PersonRole } from '@lienthong/contracts';

export type PersonAction = 'changeRole' | 'disable' | 'resetPassword';

export interface Party {
  id: string;
  role: PersonRole;
  /** The path of the person's unit ("/TW/HN/"). */
  unitPath: string;
}

/**
 * Why `actor` may not do `action` to `target` (moving it to `newRole`), or null when it may. The
 * caller has already checked the capability and that the target is in the actor's subtree.
 * - Never on oneself: nobody locks themselves out or raises their own role.
 * - System admins are made and managed by system admins only.
 * - Another operator's password: system admins only (whoever sets it could act in that name).
 * - Another operator's role or access: only from a unit above theirs, never a peer of the same unit.
 */
export function personAdminRefusal(actor: Party, target: Party, action: PersonAction, newRole?: PersonRole): string | null {
  if (actor.id === target.id) return 'Not on oneself: ask another operator or a system admin';
  if (hasGlobalScope(actor.role)) return null;
  if (target.role === 'system_admin' || newRole === 'system_admin') return 'Only a system admin manages system admins';
  if (target.role !== 'operator') return null;
  if (action === 'resetPassword') return "Only a system admin resets another operator's password";
  const below = target.unitPath !== actor.unitPath && target.unitPath.startsWith(actor.unitPath);
  return below ? null : "An operator's role and access are changed from a unit above theirs";
}
