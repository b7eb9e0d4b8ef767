// Documents' files: upload, delegate links (the QR codes in the hall) that open a file without a
// login, secret documents never linked, and the public ones a site's page shows.
import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signActors } from '../support/actors.js';
import { apiClient, ok, type ApiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

describe('document files and delegate links', () => {
  let plane: TestControlPlane;
  let admin: ApiClient;
  const docs: Record<'public' | 'internal' | 'secret', string> = { public: '', internal: '', secret: '' };
  const pdf = new TextEncoder().encode('%PDF-1.4\nNghị quyết Đại hội — bản toàn văn\n');

  beforeAll(async () => {
    plane = await startTestControlPlane();
    admin = apiClient(plane.url, plane.operatorToken);
    await plane.db.prisma.conference.update({ where: { id: plane.seed.conferenceId }, data: { agenda: '1. Khai mạc\n2. Quán triệt nghị quyết' } });
    for (const classification of ['public', 'internal', 'secret'] as const) {
      const created = ok(
        await admin('documents.create', {
          params: { id: plane.seed.conferenceId },
          body: { title: `Tài liệu ${classification}`, fileName: 'Nghị quyết số 01.pdf', mediaType: 'application/pdf', sizeBytes: 1, classification },
        }),
      );
      expect(created).toMatchObject({ hasFile: false, delegateLink: null });
      docs[classification] = created.id;
    }
  });
  afterAll(async () => plane?.stop());

  /** Delegate links carry the deployment's PUBLIC_URL; this test reaches the plane on its own port. */
  const local = (link: string) => new URL(new URL(link).pathname, plane.url).href;

  it('stores an upload and gives public and internal documents a link, never a secret one', async () => {
    for (const [classification, id] of Object.entries(docs)) {
      const uploaded = ok(await admin('documents.upload', { params: { id }, file: { bytes: pdf, mediaType: 'application/pdf' } }));
      expect(uploaded.hasFile).toBe(true);
      expect(uploaded.sizeBytes).toBe(pdf.length);
      if (classification === 'secret') expect(uploaded.delegateLink).toBeNull();
      else expect(uploaded.delegateLink).toMatch(/\/api\/public\/documents\/[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    const listed = ok(await admin('documents.list', { params: { id: plane.seed.conferenceId } })).items;
    expect(listed.filter((d) => d.delegateLink !== null).map((d) => d.classification).sort()).toEqual(['internal', 'public']);
  });

  it('opens the file through the link with no login, named in UTF-8', async () => {
    const document = ok(await admin('documents.get', { params: { id: docs.public } }));
    const res = await fetch(local(document.delegateLink!));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Nghị quyết số 01.pdf')}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
  });

  it('refuses a link to a secret document, an expired link, and a token of another kind', async () => {
    const secretLink = `${plane.url}/api/public/documents/${await plane.tokens.signDocument({ sub: docs.secret }, 600)}`;
    expect((await fetch(secretLink)).status).toBe(403);
    const aMinuteAgo = plane.tokens.withClock(() => new Date(Date.now() - 60_000));
    const expired = await aMinuteAgo.signDocument({ sub: docs.public }, 1);
    const res = await fetch(`${plane.url}/api/public/documents/${expired}`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('TOKEN_EXPIRED');
    const siteToken = await plane.tokens.signSite({ sub: plane.seed.hallSiteId, conf: plane.seed.conferenceId }, 600);
    expect((await fetch(`${plane.url}/api/public/documents/${siteToken}`)).status).toBe(403);
  });

  it("opens any document's file, secret ones too, for an operator signed in (the console's 'open'); a member never gets a secret one", async () => {
    const open = (id: string, token: string) => fetch(`${plane.url}/api/documents/${id}/file`, { headers: { authorization: `Bearer ${token}` } });
    const res = await open(docs.secret, plane.operatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    const { member } = await signActors(plane);
    expect((await open(docs.secret, member)).status).toBe(403);
    expect((await open(docs.public, member)).status).toBe(200);
  });

  it('refuses an empty upload', async () => {
    const answer = await admin('documents.upload', { params: { id: docs.public }, file: { bytes: new Uint8Array(), mediaType: 'application/pdf' } });
    expect(answer.status).toBe(400);
  });

  it("shows a site the agenda and the public documents only, each with its link", async () => {
    const token = await plane.tokens.signSite({ sub: plane.seed.sites[3]!.id, conf: plane.seed.conferenceId }, 600);
    const socket: Socket = io(`${plane.url}${namespaces.site}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
      const welcome = await callMessage(socket, siteRequests, 'hello', {});
      expect(welcome.agenda).toBe('1. Khai mạc\n2. Quán triệt nghị quyết');
      expect(welcome.documents.map((d) => d.id)).toEqual([docs.public]);
      expect((await fetch(local(welcome.documents[0]!.delegateLink))).status).toBe(200);
    } finally {
      socket.close();
    }
  });
});
