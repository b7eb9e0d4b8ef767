// Every endpoint x every role x (inside / outside the actor's subtree). The expectation is
// computed from contracts' role table: allowed iff the role has the endpoint's capability and the
// target is in scope (a system admin's scope is everything). A refusal is a 403 with an audit
// entry. Inside is Hà Nội (the actors' unit), outside is Đà Nẵng.
import { can, endpoints, hasGlobalScope, personRoleSchema, type Endpoint, type EndpointId } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors, type Actors } from '../support/actors.js';
import { apiClient, type CallInput } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { storeOpinion } from '../support/opinions.js';

type Side = 'inside' | 'outside';
/** Where a side's resources live: the province, a district with its site, a conference. */
interface Place {
  province: string;
  district: string;
  districtCode: string;
  hall: string;
  districtSite: string;
  conference: string;
  /** open for joining: a live room can be run */
  openConference: string;
  document: string;
  person: string;
  recording: string;
  /** an open vote of the open conference */
  vote: string;
  /** an ended conference whose minutes are made */
  endedConference: string;
}
interface Fixture {
  /** A fresh request for each call (creations need fresh codes and time slots). */
  input(place: Place): Promise<CallInput> | CallInput;
  /** The same target inside and outside (tiers, fleet): only the capability decides. */
  unscoped?: boolean;
}

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
let slot = 0;
/** A time slot of its own for every conference a call creates, so none clash. */
const nextSlot = () => {
  const start = Date.UTC(2031, 0, 1) + ++slot * 86_400_000;
  return { scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3_600_000).toISOString() };
};

const studyAssignment = {
  questions: [{ prompt: 'Nghị quyết ban hành năm nào?', choices: ['2025', '2026'], correct: 1 }],
  passMark: 100,
  reflectionPrompt: 'Viết bài thu hoạch',
};

describe('RBAC matrix', () => {
  let plane: TestControlPlane;
  let actors: Actors;
  const places = {} as Record<Side, Place>;

  /** A conference straight in the database, hosted by the province, its hall and district site invited. */
  async function conference(
    place: Omit<Place, 'conference' | 'openConference' | 'document' | 'person' | 'recording' | 'vote' | 'endedConference'>,
    status: 'scheduled' | 'open' | 'ended' = 'scheduled',
  ) {
    const { id } = await plane.db.prisma.conference.create({
      data: {
        title: fresh('Hội nghị'),
        hostUnitId: place.province,
        originSiteId: place.hall,
        status,
        ...nextSlot(),
        sites: { create: [{ siteId: place.hall }, { siteId: place.districtSite }] },
      },
    });
    return id;
  }

  const member = async (p: Place) =>
    (await plane.db.prisma.person.create({ data: { username: fresh('thanh.vien'), displayName: 'Thành viên', role: 'member', unitId: p.district } })).id;

  beforeAll(async () => {
    plane = await startTestControlPlane();
    actors = await signActors(plane);
    const p = plane.db.prisma;
    for (const [side, code, district] of [['inside', 'HN', 'HN-BD'], ['outside', 'DN', 'DN-HC']] as const) {
      const province = await p.unit.findUniqueOrThrow({ where: { code } });
      const districtUnit = await p.unit.findUniqueOrThrow({ where: { code: district } });
      const base = {
        province: province.id,
        district: districtUnit.id,
        districtCode: district,
        hall: (await p.site.findUniqueOrThrow({ where: { code: `DC-${code}` } })).id,
        districtSite: (await p.site.findUniqueOrThrow({ where: { code: `DC-${district}` } })).id,
      };
      const conferenceId = await conference(base);
      const document = await p.document.create({
        data: { conferenceId, title: 'Tài liệu', fileName: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 1, classification: 'public' },
      });
      // The document's file, so its delegate link has something to open.
      await writeFile(path.join(plane.documentsDir, document.id), '%PDF-1.4 test');
      const person = await p.person.create({ data: { username: fresh('nguoi'), displayName: 'Người', role: 'member', unitId: districtUnit.id } });
      // A recording with a test and a reflection to write, and one reflection handed in to mark.
      const recording = await p.recording.create({
        data: { conferenceId, status: 'ready', storageKey: fresh('rec'), durationSec: 600, assignment: { create: { ...studyAssignment, updatedBy: 'test' } } },
      });
      await p.studyRecord.create({
        data: { personId: person.id, recordingId: recording.id, unitId: districtUnit.id, intervals: [], reflection: 'Bài thu hoạch của đảng viên.', reflectionAt: new Date() },
      });
      const openConference = await conference(base, 'open');
      const vote = await plane.votes.open(openConference, { question: 'Biểu quyết', options: ['Tán thành', 'Không tán thành'], secret: false, durationSeconds: 600 }, 'test');
      // Minutes made: their row and files, as the job leaves them.
      const endedConference = await conference(base, 'ended');
      await p.conferenceMinutes.create({ data: { conferenceId: endedConference, state: 'ready', requestedAt: new Date(), generatedAt: new Date() } });
      for (const format of ['pdf', 'docx']) {
        await mkdir(path.join(plane.documentsDir, 'minutes', format), { recursive: true });
        await writeFile(path.join(plane.documentsDir, 'minutes', format, endedConference), `${format} minutes`);
      }
      places[side] = { ...base, conference: conferenceId, openConference, document: document.id, person: person.id, recording: recording.id, vote: vote.id, endedConference };
    }
  });
  afterAll(async () => plane?.stop());

  let logins = 0;
  const fixtures: Record<EndpointId, Fixture> = {
    'health.get': { input: () => ({}), unscoped: true },
    'deployment.get': { input: () => ({}), unscoped: true },
    // A fresh unknown username each time: the login backoff is per username and address.
    'auth.login': { input: () => ({ body: { username: `khong.co.ai.${++logins}`, password: 'sai mật khẩu' } }), unscoped: true },
    'auth.refresh': { input: () => ({ body: { refreshToken: 'not-a-refresh-token' } }), unscoped: true },
    // The bearer token says who logs out (the matrix's people are not in the database: nothing to revoke).
    'auth.logout': { input: () => ({ body: {} }), unscoped: true },
    // The matrix's people are not in the database: a valid token, but nobody whose password could change.
    'auth.changePassword': { input: () => ({ body: { currentPassword: 'sai mật khẩu', newPassword: 'mật khẩu mới đủ dài' } }), unscoped: true },
    'tiers.list': { input: () => ({}), unscoped: true },
    'units.list': { input: (p) => ({ query: { under: p.province } }) },
    'units.get': { input: (p) => ({ params: { id: p.district } }) },
    'units.create': { input: (p) => ({ body: { code: fresh('U'), name: 'Xã mới', parentId: p.district } }) },
    'units.update': { input: (p) => ({ params: { id: p.district }, body: { name: fresh('Quận') } }) },
    'sites.list': { input: (p) => ({ query: { under: p.province } }) },
    'sites.get': { input: (p) => ({ params: { id: p.districtSite } }) },
    'sites.create': {
      input: (p) => ({ body: { code: fresh('S'), name: 'Điểm cầu mới', unitId: p.district, delegateCapacity: 30, linkProfile: 'weak' } }),
    },
    'sites.update': { input: (p) => ({ params: { id: p.districtSite }, body: { contact: fresh('0912') } }) },
    'people.list': { input: (p) => ({ query: { under: p.province } }) },
    'people.get': { input: (p) => ({ params: { id: p.person } }) },
    'people.create': { input: (p) => ({ body: { username: fresh('user'), displayName: 'Đảng viên', role: 'member', unitId: p.district } }) },
    'people.update': { input: (p) => ({ params: { id: p.person }, body: { displayName: fresh('Tên') } }) },
    // A member of its own each time: each of these ends the person's sessions or access.
    'people.changeRole': { input: async (p) => ({ params: { id: await member(p) }, body: { role: 'member' } }) },
    'people.disable': { input: async (p) => ({ params: { id: await member(p) } }) },
    'people.resetPassword': { input: async (p) => ({ params: { id: await member(p) } }) },
    'conferences.list': { input: (p) => ({ query: { under: p.province } }) },
    'conferences.get': { input: (p) => ({ params: { id: p.conference } }) },
    'conferences.definition': { input: (p) => ({ params: { id: p.conference } }) },
    'conferences.create': {
      input: (p) => ({ body: { title: fresh('Hội nghị'), hostUnitId: p.province, originSiteId: p.hall, ...nextSlot(), participants: { rules: [{ unitId: p.district }] } } }),
    },
    'conferences.update': { input: (p) => ({ params: { id: p.conference }, body: { agenda: fresh('Chương trình') } }) },
    'conferences.cancel': { input: async (p) => ({ params: { id: await conference(p) } }) },
    'conferences.end': { input: async (p) => ({ params: { id: await conference(p, 'open') } }) },
    'conferences.relay': {
      // A fresh parent each time: two relays of one parent through the same hall would clash.
      input: async (p) => ({ params: { id: await conference(p) }, body: { hostUnitId: p.district, originSiteId: p.districtSite, participants: {} } }),
    },
    'joinLinks.list': { input: (p) => ({ params: { id: p.conference } }) },
    'joinLinks.export': { input: (p) => ({ params: { id: p.conference } }) },
    'joinLinks.reissue': { input: (p) => ({ params: { id: p.conference, siteId: p.districtSite } }) },
    'conferences.participants': { input: (p) => ({ params: { id: p.conference } }) },
    'conferences.attendance': { input: (p) => ({ params: { id: p.conference } }) },
    'conferences.attendanceReport': { input: (p) => ({ params: { id: p.conference }, query: { format: 'json' } }) },
    'conferences.attendanceTotals': { input: (p) => ({ params: { id: p.conference }, query: { tier: 1, lang: 'en' } }) },
    // The hall: the site operator's own site on the inside.
    'conferences.reportDelegates': { input: (p) => ({ params: { id: p.conference, siteId: p.hall }, body: { delegates: 120 } }) },
    'conferences.mediaPath': { input: (p) => ({ params: { id: p.conference } }) },
    'conferences.stage': { input: (p) => ({ params: { id: p.openConference } }) },
    'conferences.giveFloor': { input: (p) => ({ params: { id: p.openConference }, body: { siteId: p.districtSite } }) },
    'conferences.muteSite': { input: (p) => ({ params: { id: p.openConference, siteId: p.districtSite }, body: { muted: true } }) },
    'conferences.sendNotice': { input: (p) => ({ params: { id: p.openConference }, body: { text: 'Các điểm cầu chuẩn bị' } }) },
    'recordings.start': { input: async (p) => ({ params: { id: await conference(p) } }) },
    'recordings.stop': {
      // A conference of its own with a recording under way, so each allowed stop has one to stop.
      input: async (p) => {
        const id = await conference(p);
        await plane.db.prisma.recording.create({ data: { conferenceId: id, storageKey: fresh('rec') } });
        return { params: { id } };
      },
    },
    'documents.list': { input: (p) => ({ params: { id: p.conference } }) },
    'documents.create': {
      input: (p) => ({ params: { id: p.conference }, body: { title: 'Nghị quyết', fileName: 'nq.pdf', mediaType: 'application/pdf', sizeBytes: 10, classification: 'internal' } }),
    },
    'documents.get': { input: (p) => ({ params: { id: p.document } }) },
    'documents.file': { input: (p) => ({ params: { id: p.document } }) },
    'documents.upload': { input: (p) => ({ params: { id: p.document }, file: { bytes: new TextEncoder().encode('%PDF-1.4 nghị quyết'), mediaType: 'application/pdf' } }) },
    // Public: the link is the key, whoever holds it.
    'documents.delegateFile': { input: async (p) => ({ params: { token: await plane.tokens.signDocument({ sub: p.document }, 600) } }), unscoped: true },
    'imports.units': { input: (p) => ({ csv: `code,name,parent_code\n${fresh('CSV')},Xã CSV,${p.districtCode}\n` }) },
    'imports.sites': { input: (p) => ({ csv: `code,name,unit_code,delegate_capacity,link_profile\n${fresh('CSVS')},Điểm cầu CSV,${p.districtCode},20,fibre\n` }) },
    'audit.list': { input: (p) => ({ query: { under: p.province } }) },
    'recordings.list': { input: (p) => ({ query: { under: p.province } }) },
    'recordings.get': { input: (p) => ({ params: { id: p.recording } }) },
    'recordings.progress': { input: (p) => ({ params: { id: p.recording }, body: { intervals: [{ startSec: 0, endSec: 30 }], positionSec: 30 } }) },
    'recordings.submitTest': { input: (p) => ({ params: { id: p.recording }, body: { answers: [1] } }) },
    'recordings.submitReflection': { input: (p) => ({ params: { id: p.recording }, body: { text: 'Tôi đã học tập nghị quyết và rút ra nhiều bài học.' } }) },
    'recordings.assignment': { input: (p) => ({ params: { id: p.recording } }) },
    'recordings.setAssignment': { input: (p) => ({ params: { id: p.recording }, body: studyAssignment }) },
    'recordings.reflections': { input: (p) => ({ params: { id: p.recording }, query: { under: p.province } }) },
    'recordings.markReflection': { input: (p) => ({ params: { id: p.recording, personId: p.person }, body: { mark: 8 } }) },
    'recordings.studyByUnit': { input: (p) => ({ params: { id: p.recording }, query: { under: p.province } }) },
    'recordings.studyByMember': { input: (p) => ({ params: { id: p.recording }, query: { under: p.province } }) },
    'conferences.secrecy': { input: (p) => ({ params: { id: p.conference }, body: { secret: false, allowedPersonIds: [] } }) },
    'fleet.nodes': { input: () => ({}), unscoped: true },
    'votes.list': { input: (p) => ({ params: { id: p.openConference } }) },
    'votes.open': { input: (p) => ({ params: { id: p.openConference }, body: { question: 'Thông qua chương trình', options: ['Tán thành', 'Không tán thành'], durationSeconds: 60 } }) },
    'votes.get': { input: (p) => ({ params: { id: p.vote } }) },
    'votes.close': { input: (p) => ({ params: { id: p.vote } }) },
    'votes.sites': { input: (p) => ({ params: { id: p.vote } }) },
    'minutes.get': { input: (p) => ({ params: { id: p.endedConference } }) },
    'minutes.download': { input: (p) => ({ params: { id: p.endedConference, format: 'pdf' } }) },
    'minutes.generate': { input: async (p) => ({ params: { id: await conference(p, 'ended') }, body: {} }) },
    'opinions.list': { input: (p) => ({ params: { id: p.openConference } }) },
    'opinions.moderate': { input: async (p) => ({ params: { id: await storeOpinion(plane.db.prisma, p.openConference, p.districtSite) }, body: { action: 'accept' } }) },
    'opinions.export': { input: (p) => ({ params: { id: p.openConference } }) },
  };

  const cases = (Object.keys(endpoints) as EndpointId[]).flatMap((id) =>
    personRoleSchema.options.flatMap((role) => (['inside', 'outside'] as const).map((side) => ({ id, role, side }))),
  );

  it('has a fixture for every endpoint', () => {
    expect(Object.keys(fixtures).sort()).toEqual(Object.keys(endpoints).sort());
  });

  it.each(cases)('$id as $role, $side', async ({ id, role, side }) => {
    const endpoint: Endpoint = endpoints[id];
    const fixture = fixtures[id];
    const input = await fixture.input(places[side]);
    const deniedBefore = await plane.db.prisma.auditEntry.count({ where: { action: id, outcome: 'denied' } });
    const answer = await apiClient(plane.url, actors[role])(id, input);

    if (endpoint.capability === null) {
      // Public: a token changes nothing (the login fixture's credentials are wrong on purpose).
      expect(answer.status).toBe(id === 'auth.login' || id === 'auth.refresh' || id === 'auth.changePassword' ? 401 : 200);
      return;
    }
    const inScope = side === 'inside' || fixture.unscoped || hasGlobalScope(role);
    if (can(role, endpoint.capability) && inScope) {
      expect(answer.error, `${id} should be allowed`).toBeUndefined();
      expect(answer.status).toBe(endpoint.status ?? 200);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.error?.code).toBe('FORBIDDEN');
      expect(await plane.db.prisma.auditEntry.count({ where: { action: id, outcome: 'denied' } })).toBe(deniedBefore + 1);
    }
  });
});
