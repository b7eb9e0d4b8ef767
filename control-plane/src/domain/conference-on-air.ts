// The lifecycle's `programFlows` event in the database: open -> live, as one conditional update.
import { conferenceTransitions, statusesAllowing } from '@lienthong/contracts';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * Moves the conference to `live` if its status allows `programFlows` (it is `open`); true when this
 * call moved it. Conditional, so repeating it, or a late call after the conference ended or was
 * cancelled, changes nothing.
 */
export async function recordProgramFlows(tx: Prisma.TransactionClient, conferenceId: string): Promise<boolean> {
  const { count } = await tx.conference.updateMany({
    where: { id: conferenceId, status: { in: statusesAllowing('programFlows') } },
    data: { status: conferenceTransitions.programFlows.to },
  });
  return count > 0;
}
