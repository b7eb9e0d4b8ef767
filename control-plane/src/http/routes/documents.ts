import { can, type DocumentClassification } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { createDocument, listDocuments, requireDocument } from '../../domain/documents.js';
import type { Mount } from '../endpoint.js';
import { ownedConference, visibleConference } from './conference-access.js';

export function mountDocumentRoutes(mount: Mount, { db }: { db: Database }) {
  const visibleTo = (role: Parameters<typeof can>[0]): DocumentClassification[] =>
    can(role, 'documents.secret') ? ['public', 'internal', 'secret'] : ['public', 'internal'];

  mount('documents.list', async (call) => {
    await visibleConference(db, call, call.params.id);
    return listDocuments(db.prisma, call.params.id, visibleTo(call.actor.claims.role), call.query);
  });

  mount('documents.get', async (call) => {
    const document = await requireDocument(db.prisma, call.params.id);
    const { conference } = await visibleConference(db, call, document.conferenceId);
    if (!visibleTo(call.actor.claims.role).includes(document.classification)) {
      await call.deny(`A ${call.actor.claims.role} may not see ${document.classification} documents`, document.id, conference.hostPath);
    }
    return document;
  });

  mount('documents.create', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    return call.change(async (tx) => {
      const document = await createDocument(tx, conference.id, call.body);
      return {
        result: document,
        resourceId: document.id,
        unitPath: conference.hostPath,
        details: { conferenceId: conference.id, title: document.title, classification: document.classification },
      };
    });
  });
}
