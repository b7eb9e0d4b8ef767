import { can, type endpoints, LienthongError, maxDocumentBytes, type DocumentClassification } from '@lienthong/contracts';
import express from 'express';
import type { Database } from '../../db/database.js';
import type { DocumentFiles } from '../../documents/document-files.js';
import type { DocumentPublisher } from '../../documents/document-publisher.js';
import { createDocument, listDocuments, recordDocumentFile, requireDocument } from '../../domain/documents.js';
import type { Call, Mount } from '../endpoint.js';
import { ownedConference, visibleConference } from './conference-access.js';

// Any media type: the document's own (a PDF, a scan, a slide deck).
const fileBody = express.raw({ type: () => true, limit: maxDocumentBytes });

export interface DocumentRouteDeps {
  db: Database;
  documentFiles: DocumentFiles;
  documentPublisher: DocumentPublisher;
}

export function mountDocumentRoutes(mount: Mount, { db, documentFiles, documentPublisher: publisher }: DocumentRouteDeps) {
  const visibleTo = (role: Parameters<typeof can>[0]): DocumentClassification[] =>
    can(role, 'documents.secret') ? ['public', 'internal', 'secret'] : ['public', 'internal'];

  mount('documents.list', async (call) => {
    await visibleConference(db, call, call.params.id);
    const page = await listDocuments(db.prisma, call.params.id, visibleTo(call.actor.claims.role), call.query);
    return { ...page, items: await Promise.all(page.items.map((d) => publisher.describe(d))) };
  });

  /** The document, if the caller's scope and role may read it (else 404 or an audited 403). */
  const readable = async (call: Call<(typeof endpoints)['documents.get' | 'documents.file']>) => {
    const document = await requireDocument(db.prisma, call.params.id);
    const { conference } = await visibleConference(db, call, document.conferenceId);
    if (!visibleTo(call.actor.claims.role).includes(document.classification)) {
      await call.deny(`A ${call.actor.claims.role} may not see ${document.classification} documents`, document.id, conference.hostPath);
    }
    return document;
  };

  mount('documents.get', async (call) => publisher.describe(await readable(call)));

  mount('documents.file', async (call) => {
    const document = await readable(call);
    if (!(await documentFiles.has(document.id))) throw new LienthongError('NOT_FOUND', 'The document has no file yet');
    return { path: documentFiles.pathOf(document.id), fileName: document.fileName, mediaType: document.mediaType, inline: false };
  });

  mount('documents.create', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    const document = await call.change(async (tx) => {
      const created = await createDocument(tx, conference.id, call.body);
      return {
        result: created,
        resourceId: created.id,
        unitPath: conference.hostPath,
        details: { conferenceId: conference.id, title: created.title, classification: created.classification },
      };
    });
    return publisher.describe(document);
  });

  mount(
    'documents.upload',
    async (call) => {
      const existing = await requireDocument(db.prisma, call.params.id);
      const conference = await ownedConference(db, call, existing.conferenceId);
      const body: unknown = call.req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new LienthongError('BAD_REQUEST', "The body must be the file's bytes");
      const sizeBytes = await documentFiles.save(existing.id, body);
      const mediaType = call.req.is(existing.mediaType) ? existing.mediaType : (call.req.get('content-type')?.split(';')[0]?.trim() ?? existing.mediaType);
      const document = await call.change(async (tx) => ({
        result: await recordDocumentFile(tx, existing.id, { sizeBytes, mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(mediaType) ? mediaType : existing.mediaType }),
        resourceId: existing.id,
        unitPath: conference.hostPath,
        details: { sizeBytes },
      }));
      return publisher.describe(document);
    },
    fileBody,
  );

  mount('documents.delegateFile', async (call) => publisher.resolveLink(call.params.token, (id) => requireDocument(db.prisma, id)));
}
