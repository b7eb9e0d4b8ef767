// Documents attached to conferences: their records (files live in DocumentFiles); classification decides who sees them.
import {
  LienthongError,
  type createDocumentSchema,
  type DocumentClassification,
  type DocumentRecord,
  type documentListQuerySchema,
} from '@lienthong/contracts';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { textSearch } from './like.js';
import { page } from './page.js';

type DocumentRow = Prisma.DocumentGetPayload<object>;
/** A document's record as stored; whether its file exists and its delegate link are added by the publisher. */
export type StoredDocument = Omit<DocumentRecord, 'hasFile' | 'delegateLink'>;
const toRecord = (d: DocumentRow): StoredDocument => ({ ...d, createdAt: d.createdAt.toISOString() });

export function listDocuments(
  prisma: Prisma.TransactionClient,
  conferenceId: string,
  visible: DocumentClassification[],
  q: z.output<typeof documentListQuerySchema>,
) {
  const where: Prisma.DocumentWhereInput = {
    conferenceId,
    classification: q.classification ? { in: visible.filter((c) => c === q.classification) } : { in: visible },
    ...textSearch(['title', 'fileName'], q.q),
  };
  return page(
    q,
    () => prisma.document.count({ where }),
    async (w) => (await prisma.document.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...w })).map(toRecord),
  );
}

export async function requireDocument(prisma: Prisma.TransactionClient, id: string) {
  const d = await prisma.document.findUnique({ where: { id } });
  if (!d) throw new LienthongError('NOT_FOUND', `No document ${id}`);
  return toRecord(d);
}

export async function createDocument(
  prisma: Prisma.TransactionClient,
  conferenceId: string,
  input: z.output<typeof createDocumentSchema>,
): Promise<StoredDocument> {
  return toRecord(await prisma.document.create({ data: { ...input, conferenceId } }));
}

/** The uploaded file's real size and type replace what was declared with the record. */
export async function recordDocumentFile(prisma: Prisma.TransactionClient, id: string, file: { sizeBytes: number; mediaType: string }) {
  return toRecord(await prisma.document.update({ where: { id }, data: file }));
}

/** Public documents of a conference (what its sites may show and link). */
export async function publicDocuments(prisma: Prisma.TransactionClient, conferenceId: string): Promise<StoredDocument[]> {
  const rows = await prisma.document.findMany({ where: { conferenceId, classification: 'public' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toRecord);
}
