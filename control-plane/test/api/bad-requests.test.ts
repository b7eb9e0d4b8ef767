// Malformed requests get a clear 4xx naming what is wrong, and write nothing: no row, no audit
// entry. Imports are all-or-nothing and report every bad row with its line number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors } from '../support/actors.js';
import { apiClient, ok, type ApiClient, type CallInput } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import type { EndpointId } from '@lienthong/contracts';

describe('bad requests', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  // Filled in beforeAll; the cases below read it only when they run.
  const ids = {} as Record<string, string>;

  beforeAll(async () => {
    plane = await startTestControlPlane();
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
    for (const u of await plane.db.prisma.unit.findMany()) ids[u.code] = u.id;
    for (const s of await plane.db.prisma.site.findMany()) ids[s.code] = s.id;
  });
  afterAll(async () => plane?.stop());

  const counts = async () => {
    const p = plane.db.prisma;
    return {
      units: await p.unit.count(),
      sites: await p.site.count(),
      people: await p.person.count(),
      conferences: await p.conference.count(),
      participants: await p.conferenceSite.count(),
      documents: await p.document.count(),
      audit: await p.auditEntry.count(),
    };
  };

  const conference = () => ({
    title: 'Hội nghị',
    hostUnitId: ids.HN!,
    originSiteId: ids['DC-HN']!,
    scheduledStart: '2032-01-01T01:00:00Z',
    scheduledEnd: '2032-01-01T03:00:00Z',
    participants: { rules: [{ unitId: ids.HN! }] },
  });

  it.each<[string, EndpointId, () => CallInput, number, RegExp]>([
    ['a body that is not JSON', 'units.create', () => ({ rawBody: '{"code":' }), 400, /not valid JSON/],
    ['a missing field', 'units.create', () => ({ body: { code: 'X1', parentId: ids.HN! } }), 400, /name/],
    ['an unknown field', 'units.create', () => ({ body: { code: 'X1', name: 'X', parentId: ids.HN!, tier: 3 } }), 400, /Unrecognized key/],
    ['a code with a slash', 'units.create', () => ({ body: { code: 'HN/X', name: 'X', parentId: ids.HN! } }), 400, /code/],
    ['a unit below the lowest tier', 'units.create', () => ({ body: { code: 'X2', name: 'X', parentId: ids['HN-BD-KM']! } }), 409, /tier 4/],
    ['a taken unit code', 'units.create', () => ({ body: { code: 'HN-BD', name: 'X', parentId: ids.HN! } }), 409, /HN-BD/],
    ['a negative capacity', 'sites.create', () => ({ body: { code: 'S1', name: 'S', unitId: ids.HN!, delegateCapacity: -1, linkProfile: 'fibre' } }), 400, /delegateCapacity/],
    ['an unknown link profile', 'sites.create', () => ({ body: { code: 'S1', name: 'S', unitId: ids.HN!, delegateCapacity: 1, linkProfile: '5g' } }), 400, /linkProfile/],
    ['a site in no unit', 'sites.create', () => ({ body: { code: 'S1', name: 'S', unitId: '00000000-0000-4000-8000-000000000000', delegateCapacity: 1, linkProfile: 'fibre' } }), 404, /No unit/],
    ['an empty change', 'sites.update', () => ({ params: { id: ids['DC-HN']! }, body: {} }), 400, /at least one field/],
    ['a short password', 'people.create', () => ({ body: { username: 'abc', displayName: 'A', password: 'short', role: 'member', unitId: ids.HN! } }), 400, /password/],
    ['a site operator without a site', 'people.create', () => ({ body: { username: 'abc', displayName: 'A', role: 'site_operator', unitId: ids.HN! } }), 400, /siteId/],
    ['an end before the start', 'conferences.create', () => ({ body: { ...conference(), scheduledEnd: '2031-12-31T00:00:00Z' } }), 400, /scheduledEnd/],
    ['a time without an offset', 'conferences.create', () => ({ body: { ...conference(), scheduledStart: '2032-01-01 01:00' } }), 400, /scheduledStart/],
    ['a rule reaching no tier', 'conferences.create', () => ({ body: { ...conference(), participants: { rules: [{ unitId: ids.HN!, downToTier: 0 }] } } }), 400, /reaches no site/],
    ['an unknown explicit site', 'conferences.create', () => ({ body: { ...conference(), participants: { sites: ['00000000-0000-4000-8000-000000000000'] } } }), 404, /No site/],
    ['a participant outside the host', 'conferences.create', () => ({ body: { ...conference(), participants: { sites: [ids['DC-DN']!] } } }), 400, /host unit/],
    ['a hall outside the host', 'conferences.create', () => ({ body: { ...conference(), originSiteId: ids['DC-DN']! } }), 400, /host unit/],
    ['a path to a file', 'documents.create', () => ({ params: { id: '00000000-0000-4000-8000-000000000000' }, body: { title: 'T', fileName: '../etc/passwd', mediaType: 'text/plain', sizeBytes: 1, classification: 'public' } }), 400, /fileName/],
    ['a bad id in the path', 'units.get', () => ({ params: { id: 'not-a-uuid' } }), 400, /path: id/],
    ['a limit too large', 'units.list', () => ({ query: { limit: 100000 } }), 400, /limit/],
    ['a negative offset', 'sites.list', () => ({ query: { offset: -1 } }), 400, /offset/],
    ['an unknown query key', 'conferences.list', () => ({ query: { sort: 'title' } }), 400, /Unrecognized key/],
    ['an unknown status', 'conferences.list', () => ({ query: { status: 'maybe' } }), 400, /status/],
    ['a bad boolean', 'conferences.participants', () => ({ params: { id: '00000000-0000-4000-8000-000000000000' }, query: { explicit: 'yes' } }), 400, /explicit/],
    ['a malformed date filter', 'conferences.list', () => ({ query: { from: 'tomorrow' } }), 400, /from/],
  ])('%s: %s answers %i and writes nothing', async (_what, id, input, status, message) => {
    const before = await counts();
    const answer = await admin(id, input());
    expect(answer.status).toBe(status);
    expect(answer.error?.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('lists pages with totals and filters', async () => {
    const all = ok(await admin('units.list', { query: { limit: 4 } }));
    expect(all).toMatchObject({ total: 15, limit: 4, offset: 0 });
    expect(all.items).toHaveLength(4);
    const rest = ok(await admin('units.list', { query: { limit: 4, offset: 12 } }));
    expect(rest.items.map((u) => u.code)).toHaveLength(3);
    expect(ok(await admin('units.list', { query: { tierLevel: 1 } })).items.map((u) => u.code)).toEqual(['DN', 'HN']);
    expect(ok(await admin('sites.list', { query: { q: 'kim mã' } })).items.map((s) => s.code)).toEqual(['DC-HN-BD-KM']);
    // A search text with LIKE wildcards matches literally.
    expect(ok(await admin('sites.list', { query: { q: '%' } })).total).toBe(0);
    expect(ok(await admin('sites.list', { query: { linkProfile: 'satellite' } })).items.map((s) => s.code)).toEqual(['DC-DN-HV-HB']);
  });
});

describe('CSV import', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  beforeAll(async () => {
    plane = await startTestControlPlane();
    admin = apiClient(plane.url, (await signActors(plane)).system_admin);
  });
  afterAll(async () => plane?.stop());

  const unitCount = () => plane.db.prisma.unit.count();

  it("imports a province's units and sites, parents from earlier lines included", async () => {
    const units = ['code,name,parent_code', 'HP,Thành phố Hải Phòng,TW', 'HP-LC,Quận Lê Chân,HP', '"HP-LC-AB","Phường An Biên, Lê Chân",HP-LC'].join('\r\n');
    expect(ok(await admin('imports.units', { csv: units }))).toEqual({ created: 3 });
    const sites = ['\ufeffname,code,unit_code,delegate_capacity,link_profile,address', 'Điểm cầu Hải Phòng,DC-HP,HP,200,fibre,', 'Điểm cầu An Biên,DC-HP-LC-AB,HP-LC-AB,40,cellular_4g,"Số 1, An Biên"'].join('\n');
    expect(ok(await admin('imports.sites', { csv: sites }))).toEqual({ created: 2 });
    const anBien = await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'HP-LC-AB' }, include: { sites: true } });
    expect(anBien).toMatchObject({ path: '/TW/HP/HP-LC/HP-LC-AB/', tierLevel: 3, name: 'Phường An Biên, Lê Chân' });
    expect(anBien.sites[0]).toMatchObject({ code: 'DC-HP-LC-AB', address: 'Số 1, An Biên', linkProfile: 'cellular_4g' });
    const audit = ok(await admin('audit.list', { query: { action: 'imports.units' } }));
    expect(audit.items[0]).toMatchObject({ outcome: 'done', details: { rows: 3 } });
  });

  it('reports every bad row with its line number and imports none', async () => {
    const before = await unitCount();
    const csv = [
      'code,name,parent_code',
      'QN,Tỉnh Quảng Ninh,TW', // fine
      'QN-HL,,QN', // 3: no name
      'QN-CP,Cẩm Phả,NOWHERE', // 4: unknown parent
      'QN,Trùng,TW', // 5: duplicate in the file
      'HN,Hà Nội,TW', // 6: already stored
      'QN-X/Y,Bad,QN', // 7: slash in code
      '"QN-ML","Móng Cái\nmới",QN', // 8-9: a quoted line break is fine
      'QN-A,Xã A,DN-HV-HB', // 10: below the lowest tier
    ].join('\n');
    const answer = await admin('imports.units', { csv });
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toMatch(/^6 of 8 rows are invalid, nothing was imported/);
    expect(answer.error?.issues?.map((i) => i.path)).toEqual([
      [3, 'name'],
      [4, 'parent_code'],
      [5, 'code'],
      [6, 'code'],
      [7, 'code'],
      [10, 'parent_code'],
    ]);
    expect(await unitCount()).toBe(before);
  });

  it.each([
    ['an empty body', '', /Content-Type: text\/csv/],
    ['a header only', 'code,name,parent_code\n', /no rows/],
    ['a missing column', 'code,name\nX,Y\n', /header/],
    ['an unknown column', 'code,name,parent_code,colour\nX,Y,TW,red\n', /header/],
    ['an unclosed quote', 'code,name,parent_code\n"X,Y,TW\n', /malformed/],
    ['a row with too many fields', 'code,name,parent_code\nX,Y,TW,extra\n', /malformed/],
  ])('refuses %s', async (_what, csv, message) => {
    const before = await unitCount();
    const answer = await admin('imports.units', { csv });
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toMatch(message);
    expect(await unitCount()).toBe(before);
  });

  it('refuses site rows with bad numbers and profiles, by line', async () => {
    const csv = 'code,name,unit_code,delegate_capacity,link_profile\nS-1,A,HN,many,fibre\nS-2,B,HN,10,5g\nS-3,C,NOPE,10,fibre\n';
    const answer = await admin('imports.sites', { csv });
    expect(answer.error?.issues?.map((i) => i.path)).toEqual([
      [2, 'delegate_capacity'],
      [3, 'link_profile'],
      [4, 'unit_code'],
    ]);
    expect(await plane.db.prisma.site.count({ where: { code: { startsWith: 'S-' } } })).toBe(0);
  });
});
