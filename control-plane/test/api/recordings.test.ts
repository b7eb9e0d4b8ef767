// The replay library against a real control plane: who sees which recording, the signed media
// prefix (playlists, segments and poster only with a valid token, no way out of the recording's
// directory), and a conference made secret. The recording is real HLS made by ffmpeg.
import type { PersonRole } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createFixtureRecording } from '@lienthong/testing/recording-fixture';

describe('replay library: scope and media access', () => {
  let plane: TestControlPlane;
  let root: string;
  let ids: Record<'hnConference' | 'dnConference' | 'hnRecording' | 'dnRecording' | 'nationalRecording', string>;
  let as: Record<'hnMember' | 'communeMember' | 'dnMember' | 'hnOperator', ApiClient>;
  let hnMemberId: string;

  const unitId = async (code: string) => (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
  const siteId = async (code: string) => (await plane.db.prisma.site.findUniqueOrThrow({ where: { code } })).id;
  /** A real person and their access token. */
  async function person(role: PersonRole, unitCode: string) {
    const unit = await unitId(unitCode);
    const p = await plane.db.prisma.person.create({ data: { username: `u-${randomBytes(4).toString('hex')}`, displayName: `${role} ${unitCode}`, role, unitId: unit } });
    return { id: p.id, client: apiClient(plane.url, await plane.tokens.signOperator({ sub: p.id, role, unit }, 3600)) };
  }
  async function conference(title: string, hostCode: string, siteCodes: string[], start = '2026-10-01T08:00:00Z') {
    const { id } = await plane.db.prisma.conference.create({
      data: {
        title,
        hostUnitId: await unitId(hostCode),
        originSiteId: await siteId(siteCodes[0]!),
        status: 'ended',
        scheduledStart: new Date(start),
        scheduledEnd: new Date(new Date(start).getTime() + 3_600_000),
        sites: { create: await Promise.all(siteCodes.map(async (c) => ({ siteId: await siteId(c) }))) },
      },
    });
    return id;
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lienthong-recordings-'));
    plane = await startTestControlPlane({ RECORDINGS_DIR: root });
    const hnConference = await conference('Hội nghị học tập Nghị quyết Thành ủy Hà Nội', 'HN', ['DC-HN', 'DC-HN-BD']);
    const dnConference = await conference('Hội nghị Thành ủy Đà Nẵng', 'DN', ['DC-DN', 'DC-DN-HC'], '2026-10-05T08:00:00Z');
    const hn = await createFixtureRecording(plane.db.prisma, root, hnConference, { durationSec: 8 });
    const dn = await plane.db.prisma.recording.create({ data: { conferenceId: dnConference, status: 'ready', storageKey: `dn-${randomBytes(4).toString('hex')}`, durationSec: 60 } });
    const national = await plane.db.prisma.recording.create({
      data: { conferenceId: plane.seed.conferenceId, status: 'processing', storageKey: `tw-${randomBytes(4).toString('hex')}`, durationSec: 90 },
    });
    ids = { hnConference, dnConference, hnRecording: hn.id, dnRecording: dn.id, nationalRecording: national.id };
    const hnMember = await person('member', 'HN-BD');
    hnMemberId = hnMember.id;
    as = {
      hnMember: hnMember.client,
      communeMember: (await person('member', 'HN-BD-KM')).client,
      dnMember: (await person('member', 'DN-HC')).client,
      hnOperator: (await person('operator', 'HN')).client,
    };
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const listedIds = async (client: ApiClient, query: Record<string, string> = {}) => ok(await client('recordings.list', { query })).items.map((r) => r.id);

  it('lists what the unit may see: its own, those reaching it, those hosted above it; not another province\'s', async () => {
    const hn = await listedIds(as.hnMember);
    expect(hn).toContain(ids.hnRecording);
    expect(hn).toContain(ids.nationalRecording);
    expect(hn).not.toContain(ids.dnRecording);
    // A commune below the district: the Hà Nội conference reached its district, the national one is above it.
    expect(await listedIds(as.communeMember)).toEqual(expect.arrayContaining([ids.hnRecording, ids.nationalRecording]));
    const dn = await listedIds(as.dnMember);
    expect(dn).toContain(ids.dnRecording);
    expect(dn).not.toContain(ids.hnRecording);
  });

  it('searches by title and filters by status and date', async () => {
    expect(await listedIds(as.hnMember, { q: 'nghị quyết thành ủy' })).toEqual([ids.hnRecording]);
    expect(await listedIds(as.hnMember, { status: 'processing' })).toEqual([ids.nationalRecording]);
    expect(await listedIds(as.hnMember, { from: '2026-09-30T00:00:00Z', to: '2026-10-02T00:00:00Z' })).toEqual([ids.hnRecording]);
    const page = ok(await as.hnMember('recordings.list', { query: { limit: 1 } }));
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(2);
  });

  it('refuses another province\'s recording with 403, and an audit entry', async () => {
    const answer = await as.hnMember('recordings.get', { params: { id: ids.dnRecording } });
    expect(answer.status).toBe(403);
    expect(await plane.db.prisma.auditEntry.count({ where: { action: 'recordings.get', outcome: 'denied', resourceId: ids.dnRecording } })).toBe(1);
    expect((await as.hnMember('recordings.list', { query: { under: await unitId('DN') } })).status).toBe(403);
  });

  it('describes a recording from its manifest, with a signed master playlist that plays through', async () => {
    const detail = ok(await as.hnMember('recordings.get', { params: { id: ids.hnRecording } }));
    expect(detail.renditions.map((r) => r.name)).toEqual(['source', 'low']);
    expect(detail.chapters.map((c) => c.title)).toEqual(['Khai mạc', 'Phát biểu của Bí thư Tỉnh ủy']);
    expect(detail.durationSec).toBe(8);
    expect(detail.media).not.toBeNull();
    const master = await fetch(new URL(detail.media!.master, plane.url));
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const variant = (await master.text()).split('\n').find((l) => l.endsWith('.m3u8'))!;
    // Relative URIs resolve under the same signed prefix: no rewriting, no unsigned URL.
    const playlistUrl = new URL(variant, new URL(detail.media!.master, plane.url));
    const playlist = await fetch(playlistUrl);
    expect(playlist.status).toBe(200);
    const segment = (await playlist.text()).split('\n').find((l) => l.endsWith('.ts'))!;
    const media = await fetch(new URL(segment, playlistUrl));
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('video/mp2t');
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const poster = await fetch(new URL(detail.media!.poster!, plane.url));
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
  });

  it('serves no media without a valid token for that recording, and nothing outside it', async () => {
    const detail = ok(await as.hnMember('recordings.get', { params: { id: ids.hnRecording } }));
    const master = new URL(detail.media!.master, plane.url);
    const [, , , id, , token] = master.pathname.split('/');
    const at = (p: string) => fetch(new URL(p, plane.url));
    const status = async (p: string) => (await at(p)).status;

    // No token, a forged one, a token of another kind, a token for another recording.
    expect(await status(`/api/recordings/${id}/media/hls/master.m3u8`)).toBe(401);
    expect(await status(`/api/recordings/${id}/media/${token!.slice(0, -4)}AAAA/hls/master.m3u8`)).toBe(401);
    expect(await status(`/api/recordings/${id}/media/${plane.operatorToken}/hls/master.m3u8`)).toBe(403);
    const otherToken = await plane.tokens.signMedia({ sub: ids.dnRecording, per: 'x' }, 60);
    expect(await status(`/api/recordings/${id}/media/${otherToken}/hls/master.m3u8`)).toBe(403);
    const expired = await plane.tokens.signMedia({ sub: id!, per: 'x' }, -10);
    expect(await status(`/api/recordings/${id}/media/${expired}/hls/master.m3u8`)).toBe(401);

    // With a good token: the manifest is not media, and no path leaves the recording.
    const signed = `/api/recordings/${id}/media/${token}`;
    expect(await status(`${signed}/hls/master.m3u8`)).toBe(200);
    expect(await status(`${signed}/manifest.json`)).toBe(404);
    expect(await status(`${signed}/hls/%2e%2e/%2e%2e/manifest.json`)).toBe(404);
    expect(await status(`${signed}/..%2f..%2f..%2fetc%2fpasswd`)).toBe(404);
    expect(await status(`${signed}/hls%2f..%2f..%2f${id}%2fmanifest.json`)).toBe(404);
    const outside = path.join(root, `outside-${randomBytes(3).toString('hex')}.ts`);
    await writeFile(outside, 'secret');
    await symlink(outside, path.join(root, id!, 'hls', 'escape.ts'));
    expect(await status(`${signed}/hls/escape.ts`)).toBe(404);
    // Raw "../" in the URL: the client normalises it away; a raw socket request must not do better.
    const raw = await rawGet(plane.url, `${signed}/hls/../../${path.basename(outside)}`);
    expect(raw).not.toContain('secret');
  });

  it('keeps a secret conference to those named for it', async () => {
    await plane.db.prisma.auditEntry.deleteMany({ where: { action: 'recordings.get' } });
    ok(await as.hnOperator('conferences.secrecy', { params: { id: ids.hnConference }, body: { secret: true, allowedPersonIds: [] } }));
    expect(await listedIds(as.hnMember)).not.toContain(ids.hnRecording);
    expect((await as.hnMember('recordings.get', { params: { id: ids.hnRecording } })).status).toBe(403);
    // The host's operator manages it and still sees it.
    expect(await listedIds(as.hnOperator)).toContain(ids.hnRecording);

    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await as.hnOperator('conferences.secrecy', { params: { id: ids.hnConference }, body: { secret: true, allowedPersonIds: [nobody] } })).status).toBe(404);
    ok(await as.hnOperator('conferences.secrecy', { params: { id: ids.hnConference }, body: { secret: true, allowedPersonIds: [hnMemberId] } }));
    expect(await listedIds(as.hnMember)).toContain(ids.hnRecording);
    expect(await listedIds(as.communeMember)).not.toContain(ids.hnRecording);
    expect(ok(await as.hnMember('recordings.get', { params: { id: ids.hnRecording } })).secret).toBe(true);
    ok(await as.hnOperator('conferences.secrecy', { params: { id: ids.hnConference }, body: { secret: false, allowedPersonIds: [] } }));
    expect(await listedIds(as.communeMember)).toContain(ids.hnRecording);
  });

  /** The signed master playlist URL recordings.get gives `client` now. */
  const masterUrl = async (client: ApiClient) => new URL(ok(await client('recordings.get', { params: { id: ids.hnRecording } })).media!.master, plane.url);
  const fetched = async (url: URL) => {
    const res = await fetch(url);
    return { status: res.status, code: res.ok ? null : ((await res.json()) as { code: string }).code };
  };

  it("stops a media URL when the recording's audience changes, not when it is saved unchanged", async () => {
    const secrecy = async (secret: boolean, allowedPersonIds: string[]) =>
      ok(await as.hnOperator('conferences.secrecy', { params: { id: ids.hnConference }, body: { secret, allowedPersonIds } }));
    const first = await masterUrl(as.hnMember);
    expect((await fetched(first)).status).toBe(200);
    await secrecy(false, []);
    expect((await fetched(first)).status).toBe(200);
    // Made secret with the member named: the URL signed for the open audience stops; a new one plays.
    await secrecy(true, [hnMemberId]);
    expect(await fetched(first)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const second = await masterUrl(as.hnMember);
    expect((await fetched(second)).status).toBe(200);
    // No longer named: that URL stops too, and no new one is given.
    await secrecy(true, []);
    expect((await fetched(second)).status).toBe(401);
    expect((await as.hnMember('recordings.get', { params: { id: ids.hnRecording } })).status).toBe(403);
    await secrecy(false, []);
  });

  it("stops a person's media URLs when they log out", async () => {
    const member = await person('member', 'HN-BD');
    const url = await masterUrl(member.client);
    expect((await fetched(url)).status).toBe(200);
    ok(await member.client('auth.logout', { body: {} }));
    expect(await fetched(url)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

/** A GET written by hand, so the path reaches the server exactly as given (fetch would normalise "../"). */
async function rawGet(base: string, requestPath: string): Promise<string> {
  const { connect } = await import('node:net');
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(`GET ${requestPath} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
