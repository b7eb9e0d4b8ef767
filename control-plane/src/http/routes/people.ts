import { hasGlobalScope, LienthongError, type Endpoint, type PersonRole } from '@lienthong/contracts';
import { personAdminRefusal, type PersonAction } from '../../auth/person-admin.js';
import { temporaryPassword } from '../../auth/temporary-password.js';
import type { TokenVersions } from '../../auth/token-versions.js';
import type { Database } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { changeRole, clearPassword, createPerson, findPerson, listPeople, updatePerson } from '../../domain/people.js';
import { requireSite } from '../../domain/site-records.js';
import { requireUnit } from '../../domain/units.js';
import type { Call, Change, Guard, Mount } from '../endpoint.js';

export function mountPeopleRoutes(mount: Mount, { db, tokenVersions }: { db: Database; tokenVersions: TokenVersions }) {
  const requirePerson = async (id: string) => {
    const person = await findPerson(db.prisma, id);
    if (!person) throw new LienthongError('NOT_FOUND', `No person ${id}`);
    return person;
  };

  mount('people.list', async (call) => listPeople(db.prisma, await call.listRoot(call.query.under), call.query));

  mount('people.get', async (call) => {
    const person = await requirePerson(call.params.id);
    await call.requireScope(person.unitPath, person.id);
    return person;
  });

  mount('people.create', async (call) => {
    const { body, actor } = call;
    const unit = await requireUnit(db.prisma, body.unitId);
    await call.requireScope(unit.path);
    // Nobody hands out more power than they hold.
    if (body.role === 'system_admin' && !hasGlobalScope(actor.claims.role)) await call.deny('Only a system admin creates system admins');
    if (body.siteId) {
      const site = await requireSite(db.prisma, body.siteId);
      if (site.unitId !== unit.id) throw new LienthongError('BAD_REQUEST', "A site operator's site must belong to the person's unit");
    }
    return call.change(async (tx) => {
      // A password typed by someone else is theirs to replace at first sign-in, unless they say otherwise.
      const person = await createPerson(tx, { ...body, passwordIsTemporary: body.passwordIsTemporary ?? true });
      return { result: person, resourceId: person.id, unitPath: person.unitPath, details: { username: person.username, role: person.role } };
    });
  });

  mount('people.update', async (call) => {
    const person = await requirePerson(call.params.id);
    await call.requireScope(person.unitPath, person.id);
    const { actor } = call;
    if (person.role === 'system_admin' && !hasGlobalScope(actor.claims.role)) await call.deny('Only a system admin changes a system admin', person.id);
    // An operator could otherwise take over a peer's account (and its audit trail) by resetting it.
    if (call.body.password && person.role === 'operator' && person.id !== actor.claims.sub && !hasGlobalScope(actor.claims.role)) {
      await call.deny("Only a system admin resets another operator's password", person.id, person.unitPath);
    }
    let version: number | null = null;
    const updated = await call.change(async (tx) => {
      const passwordIsTemporary = call.body.passwordIsTemporary ?? person.id !== actor.claims.sub;
      const updated = await updatePerson(tx, person.id, { ...call.body, passwordIsTemporary });
      // A new password ends every session of the old one.
      if (call.body.password) version = await tokenVersions.raise(tx, person.id);
      // Never the password itself: only that it changed.
      return { result: updated, resourceId: person.id, unitPath: person.unitPath, details: { changed: Object.keys(call.body) } };
    });
    if (version !== null) await tokenVersions.committed(person.id, version);
    return updated;
  });

  /** The person the call is about, once the actor may do `action` to them (a refusal is audited). */
  const target = async (call: Guard & { params: { id: string } }, action: PersonAction, newRole?: PersonRole) => {
    const person = await requirePerson(call.params.id);
    await call.requireScope(person.unitPath, person.id);
    const { claims, unitPath } = call.actor;
    const why = personAdminRefusal({ id: claims.sub, role: claims.role, unitPath }, person, action, newRole);
    if (why) await call.deny(why, person.id, person.unitPath);
    return person;
  };

  /**
   * Runs an audited change that ends every session of the person (their tokens carry the old
   * role, or a password that is gone): the token version rises with the change and is
   * remembered once the change is committed.
   */
  const endingSessions = async <T>(call: Pick<Call<Endpoint>, 'change'>, personId: string, fn: (tx: Prisma.TransactionClient) => Promise<Change<T>>): Promise<T> => {
    let version: number | null = null;
    const result = await call.change(async (tx) => {
      const done = await fn(tx);
      version = await tokenVersions.raise(tx, personId);
      return done;
    });
    if (version !== null) await tokenVersions.committed(personId, version);
    return result;
  };

  mount('people.changeRole', async (call) => {
    const { role, siteId = null } = call.body;
    const person = await target(call, 'changeRole', role);
    if (siteId) {
      const site = await requireSite(db.prisma, siteId);
      if (site.unitId !== person.unitId) {
        throw new LienthongError('BAD_REQUEST', "A site operator's site must belong to the person's unit", [{ path: ['siteId'], message: 'not in the unit' }]);
      }
    }
    return endingSessions(call, person.id, async (tx) => ({
      result: await changeRole(tx, person.id, role, siteId),
      resourceId: person.id,
      unitPath: person.unitPath,
      details: { from: person.role, to: role, siteId },
    }));
  });

  mount('people.disable', async (call) => {
    const person = await target(call, 'disable');
    return endingSessions(call, person.id, async (tx) => ({ result: await clearPassword(tx, person.id), resourceId: person.id, unitPath: person.unitPath }));
  });

  mount('people.resetPassword', async (call) => {
    const person = await target(call, 'resetPassword');
    const password = temporaryPassword();
    // The audit says that a password was drawn and by whom, never the password.
    const updated = await endingSessions(call, person.id, async (tx) => ({
      result: await updatePerson(tx, person.id, { password, passwordIsTemporary: true }),
      resourceId: person.id,
      unitPath: person.unitPath,
      details: { wasDisabled: !person.canLogIn },
    }));
    return { person: updated, temporaryPassword: password };
  });
}
