// The delegates each site reported present, read for every vote entry. Entries arrive by the
// hundred a second in a national vote: lookups made in the same turn of the event loop go to
// PostgreSQL as one query instead of one each.
import type { PrismaClient } from '../generated/prisma/client.js';

export class DelegateLookup {
  private batch: Map<string, ((n: number | null) => void)[]> | null = null;
  private batchConference: string | null = null;

  /** `waiting`: counts reported on this replica and not written yet (the attendance ledger's). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly waiting: (conferenceId: string, siteId: string) => number | undefined = () => undefined,
  ) {}

  /** The site's reported delegates in the conference (null: none reported). */
  get(conferenceId: string, siteId: string): Promise<number | null> {
    const unwritten = this.waiting(conferenceId, siteId);
    if (unwritten !== undefined) return Promise.resolve(unwritten);
    if (this.batch && this.batchConference !== conferenceId) this.flush();
    if (!this.batch) {
      this.batch = new Map();
      this.batchConference = conferenceId;
      setImmediate(() => this.flush());
    }
    const waiting = this.batch.get(siteId) ?? [];
    this.batch.set(siteId, waiting);
    return new Promise((resolve) => waiting.push(resolve));
  }

  private flush(): void {
    const batch = this.batch;
    const conferenceId = this.batchConference;
    this.batch = null;
    if (!batch || !conferenceId) return;
    const answer = (found: Map<string, number>) => batch.forEach((waiting, siteId) => waiting.forEach((w) => w(found.get(siteId) ?? null)));
    this.prisma.delegateReport
      .findMany({ where: { conferenceId, siteId: { in: [...batch.keys()] } }, select: { siteId: true, delegates: true } })
      .then((rows) => answer(new Map(rows.map((r) => [r.siteId, r.delegates]))))
      // Unreadable: no entry is let through unchecked.
      .catch(() => answer(new Map()));
  }
}
