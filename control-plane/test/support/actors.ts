// Access tokens for each role, scoped to Hà Nội (HN) of the demo tree, plus a system admin at
// the root: the "inside" of RBAC tests is Hà Nội, the "outside" is Đà Nẵng (DN).
import type { PersonRole } from '@lienthong/contracts';
import type { TestControlPlane } from './control-plane.js';

export type Actors = Record<PersonRole, string>;

export async function signActors(plane: TestControlPlane): Promise<Actors> {
  const unit = (code: string) => plane.db.prisma.unit.findUniqueOrThrow({ where: { code } });
  const [tw, hn] = await Promise.all([unit('TW'), unit('HN')]);
  const hnSite = await plane.db.prisma.site.findUniqueOrThrow({ where: { code: 'DC-HN' } });
  const sign = (role: PersonRole, unitId: string, site?: string) =>
    plane.tokens.signOperator({ sub: `test-${role}`, role, unit: unitId, ...(site ? { site } : {}) }, 3600);
  return {
    system_admin: await sign('system_admin', tw.id),
    operator: await sign('operator', hn.id),
    site_operator: await sign('site_operator', hn.id, hnSite.id),
    member: await sign('member', hn.id),
  };
}
