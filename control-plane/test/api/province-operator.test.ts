// The issue's "done when", as one story through the API: a province operator logs in, imports its
// units and sites from CSV, schedules a conference for a subtree, relays the national conference
// to its own sites, and reads the audit trail of all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors } from '../support/actors.js';
import { apiClient, ok } from '../support/api-client.js';
import { sitesCsv, unitsCsv } from '../../src/seed/nation-csv.js';
import { generateNation } from '../../src/seed/synthetic-nation.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe("a province operator's day", () => {
  let plane: TestControlPlane;
  beforeAll(async () => {
    plane = await startTestControlPlane();
    await plane.db.prisma.conference.update({ where: { id: plane.seed.conferenceId }, data: { status: 'ended' } });
  });
  afterAll(async () => plane?.stop());

  it('imports, schedules, relays and reads the audit trail, all inside Đà Nẵng', async () => {
    const admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    const unit = (code: string) => plane.db.prisma.unit.findUniqueOrThrow({ where: { code } });
    const [tw, dn] = [await unit('TW'), await unit('DN')];
    ok(await admin('people.create', { body: { username: 'dn.operator', displayName: 'Cán bộ Đà Nẵng', password: 'một mật khẩu dài', passwordIsTemporary: false, role: 'operator', unitId: dn.id } }));
    const { accessToken } = ok(await apiClient(plane.url)('auth.login', { body: { username: 'dn.operator', password: 'một mật khẩu dài' } }));
    const operator = apiClient(plane.url, accessToken);
    // A code or username already used is refused naming its field, so the form marks that field.
    const taken = [
      await admin('people.create', { body: { username: 'dn.operator', displayName: 'Trùng', password: 'một mật khẩu dài', role: 'operator', unitId: dn.id } }),
      await operator('units.create', { body: { code: 'DN-HC', name: 'Trùng mã', parentId: dn.id } }),
      await operator('sites.create', { body: { code: 'DC-DN', name: 'Trùng mã', unitId: dn.id, delegateCapacity: 10, linkProfile: 'fibre' } }),
    ];
    expect(taken.map((r) => [r.status, r.error?.code, r.error?.issues?.[0]?.path])).toEqual([
      [409, 'CONFLICT', ['username']],
      [409, 'CONFLICT', ['code']],
      [409, 'CONFLICT', ['code']],
    ]);

    // Import: a new district with two communes and their sites.
    ok(await operator('imports.units', { csv: 'code,name,parent_code\nDN-LC,Quận Liên Chiểu,DN\nDN-LC-HM,Phường Hòa Minh,DN-LC\nDN-LC-HK,Phường Hòa Khánh,DN-LC\n' }));
    ok(await operator('imports.sites', { csv: 'code,name,unit_code,delegate_capacity,link_profile\nDC-DN-LC,Điểm cầu Liên Chiểu,DN-LC,80,fibre\nDC-DN-LC-HM,Điểm cầu Hòa Minh,DN-LC-HM,40,cellular_4g\nDC-DN-LC-HK,Điểm cầu Hòa Khánh,DN-LC-HK,40,weak\n' }));
    // Importing into Hà Nội is refused, audited, and writes nothing.
    const refused = await operator('imports.sites', { csv: 'code,name,unit_code,delegate_capacity,link_profile\nDC-X,X,HN-BD,10,fibre\n' });
    expect(refused.status).toBe(403);
    expect(await plane.db.prisma.site.count({ where: { code: 'DC-X' } })).toBe(0);

    // Schedule for the new district's subtree.
    const liênChiểu = await unit('DN-LC');
    const hall = await plane.db.prisma.site.findUniqueOrThrow({ where: { code: 'DC-DN' } });
    const local = ok(
      await operator('conferences.create', {
        body: {
          title: 'Hội nghị quận Liên Chiểu',
          hostUnitId: dn.id,
          originSiteId: hall.id,
          scheduledStart: '2030-03-01T01:00:00Z',
          scheduledEnd: '2030-03-01T03:00:00Z',
          participants: { rules: [{ unitId: liênChiểu.id }] },
        },
      }),
    );
    expect(local.siteCount).toBe(4);

    // Relay the national conference to Đà Nẵng's own sites.
    const national = ok(
      await admin('conferences.create', {
        body: {
          title: 'Hội nghị toàn quốc học tập nghị quyết',
          hostUnitId: tw.id,
          originSiteId: plane.seed.hallSiteId,
          scheduledStart: '2030-03-02T01:00:00Z',
          scheduledEnd: '2030-03-02T04:00:00Z',
          participants: { rules: [{ unitId: tw.id, downToTier: 1 }] },
        },
      }),
    );
    const relay = ok(
      await operator('conferences.relay', { params: { id: national.id }, body: { hostUnitId: dn.id, originSiteId: hall.id, participants: { rules: [{ unitId: dn.id }] } } }),
    );
    expect(relay).toMatchObject({ parentId: national.id, siteCount: 10 });
    expect(ok(await operator('conferences.list', { query: { status: 'scheduled' } })).items.map((c) => c.id).sort()).toEqual([local.id, national.id, relay.id].sort());

    const trail = ok(await operator('audit.list', {}));
    expect(trail.items.map((e) => [e.action, e.outcome])).toEqual([
      ['conferences.relay', 'done'],
      ['conferences.create', 'done'],
      ['imports.sites', 'done'],
      ['imports.units', 'done'],
      // The admin creating this operator: a change in Đà Nẵng too.
      ['people.create', 'done'],
    ]);
    // The refused import concerns Hà Nội: the system admin sees it.
    const denied = ok(await admin('audit.list', { query: { outcome: 'denied' } }));
    expect(denied.items[0]).toMatchObject({ action: 'imports.sites', unitPath: '/TW/HN/HN-BD/', details: { message: expect.stringContaining('Line 2') } });
  });
});

describe('the synthetic nation through the import API', () => {
  it('imports as CSV into a fresh tree and matches the generator', async () => {
    const plane = await startTestControlPlane();
    try {
      const admin = apiClient(plane.url, (await signActors(plane)).system_admin);
      // The demo seed's root is "TW" too: the generated provinces go under it.
      const nation = generateNation({ seed: 3, provinces: 3, districts: 7, communes: 40, sites: 70 });
      ok(await admin('imports.units', { csv: unitsCsv(nation) }));
      ok(await admin('imports.sites', { csv: sitesCsv(nation).replace(/\nDC-TW,[^\n]*/, '') }));
      const stored = await plane.db.prisma.unit.findMany({ where: { code: { in: nation.units.map((u) => u.code) } }, select: { code: true, path: true } });
      expect(new Map(stored.map((u) => [u.code, u.path]))).toEqual(new Map(nation.units.map((u) => [u.code, u.path])));
      const root = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
      // The demo's 15 sites plus the nation's, less its root hall.
      expect(ok(await admin('sites.list', { query: { under: root.id, limit: 1 } })).total).toBe(15 + nation.sites.length - 1);
    } finally {
      await plane.stop();
    }
  });
});
