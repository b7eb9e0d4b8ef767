import { hasGlobalScope, LienthongError } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { createPerson, findPerson, listPeople, updatePerson } from '../../domain/people.js';
import { requireSite } from '../../domain/site-records.js';
import { requireUnit } from '../../domain/units.js';
import type { Mount } from '../endpoint.js';

export function mountPeopleRoutes(mount: Mount, { db }: { db: Database }) {
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
      const person = await createPerson(tx, body);
      return { result: person, resourceId: person.id, unitPath: person.unitPath, details: { username: person.username, role: person.role } };
    });
  });

  mount('people.update', async (call) => {
    const person = await requirePerson(call.params.id);
    await call.requireScope(person.unitPath, person.id);
    if (person.role === 'system_admin' && !hasGlobalScope(call.actor.claims.role)) await call.deny('Only a system admin changes a system admin', person.id);
    return call.change(async (tx) => {
      const updated = await updatePerson(tx, person.id, call.body);
      // Never the password itself: only that it changed.
      return { result: updated, resourceId: person.id, unitPath: person.unitPath, details: { changed: Object.keys(call.body) } };
    });
  });
}
