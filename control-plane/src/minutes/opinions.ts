// The opinions ("ý kiến") a conference received, as the minutes list them: the written opinions
// the sites sent (opinions/*), in the order received, with what the secretariat did with each.
import type { OpinionStatus } from '@lienthong/contracts';
import type { Prisma } from '../generated/prisma/client.js';

export interface MinutesOpinion {
  receivedAt: Date;
  siteName: string;
  unitName: string;
  /** who spoke, and as what (e.g. "Nguyễn Văn A", "Bí thư chi bộ"), as the site typed them */
  speaker: string | null;
  speakerRole: string | null;
  text: string;
  /** what the secretariat did with it, in words (e.g. "Đã tiếp thu") */
  outcome: string | null;
}

export interface OpinionSource {
  /** The opinions received for the conference that belong in its minutes, oldest first. */
  receivedFor(conferenceId: string): Promise<MinutesOpinion[]>;
}

/** What the secretariat did, in the minutes' words. */
const outcomes: Record<OpinionStatus, string> = {
  pending: 'Chưa xử lý',
  accepted: 'Đã tiếp nhận',
  rejected: 'Không tiếp nhận',
  merged: 'Đã gộp vào ý kiến khác',
  forwarded: 'Đã chuyển chủ tọa',
  done: 'Chủ tọa đã tiếp thu',
};

/** The conference's stored opinions; one merged into another is listed under the one it joined. */
export function storedOpinions(prisma: Prisma.TransactionClient): OpinionSource {
  return {
    async receivedFor(conferenceId) {
      const rows = await prisma.opinion.findMany({
        where: { conferenceId, status: { not: 'merged' } },
        orderBy: { number: 'asc' },
        select: { sentAt: true, speakerName: true, speakerRole: true, text: true, status: true, site: { select: { name: true, unit: { select: { name: true } } } } },
      });
      return rows.map((r) => ({
        receivedAt: r.sentAt,
        siteName: r.site.name,
        unitName: r.site.unit.name,
        speaker: r.speakerName,
        speakerRole: r.speakerRole,
        text: r.text,
        outcome: outcomes[r.status as OpinionStatus] ?? null,
      }));
    },
  };
}
