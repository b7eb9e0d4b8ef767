import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

/** A pending opinion written straight to the database (no send limits), for tests that need one to act on. */
export async function storeOpinion(prisma: PrismaClient, conferenceId: string, siteId: string): Promise<string> {
  const last = await prisma.opinion.aggregate({ where: { conferenceId }, _max: { number: true } });
  const row = await prisma.opinion.create({
    data: {
      conferenceId,
      siteId,
      number: (last._max.number ?? 0) + 1,
      clientRef: randomUUID(),
      kind: 'opinion',
      speakerName: 'Nguyễn Văn An',
      speakerRole: 'Đại biểu',
      text: 'Đề nghị làm rõ lộ trình thực hiện.',
    },
  });
  return row.id;
}
