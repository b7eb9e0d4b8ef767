// Documents attached to conferences. Metadata only here; classification decides who sees them.
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
const toRecord = (d: DocumentRow): DocumentRecord => ({ ...d, createdAt: d.createdAt.toISOString() });

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
): Promise<DocumentRecord> {
  return toRecord(await prisma.document.create({ data: { ...input, conferenceId } }));
}
