// What the control plane needs to know when a site asks to join a conference.
import { uuidSchema, type ConferenceStatus, type SiteDocument } from '@lienthong/contracts';
import type { DocumentPublisher } from '../documents/document-publisher.js';
import type { Prisma } from '../generated/prisma/client.js';
import { publicDocuments } from './documents.js';

/** What every site of one conference is told on arrival, the same for all of them. */
export interface ConferenceJoinFacts {
  conference: {
    id: string;
    title: string;
    status: ConferenceStatus;
    scheduledStart: Date;
    scheduledEnd: Date;
    originSiteId: string;
    agenda: string | null;
    hostUnit: { id: string; code: string; name: string; path: string };
  };
  /** Its public documents with their delegate links (links name the document, not the site). */
  documents: SiteDocument[];
}

/** How long a joinable conference's facts are kept by default. */
export const joinCacheTtlMs = 2000;

/**
 * The per-conference half of a site's join context, read once per conference and kept a moment:
 * 15,000 sites joining within a minute ask the same conference row and document list 15,000
 * times otherwise. Only a conference sites may join is kept (one not open yet is read again on
 * every ask, so its opening is seen at once), for at most `ttlMs`; `forget` drops one at once
 * (it ended, here or on another replica: the endings channel says so).
 */
export class ConferenceJoinCache {
  private readonly entries = new Map<string, { at: number; facts: Promise<ConferenceJoinFacts | null> }>();

  constructor(
    private readonly prisma: Prisma.TransactionClient,
    private readonly publisher: DocumentPublisher,
    private readonly keep: (status: ConferenceStatus) => boolean,
    private readonly ttlMs = joinCacheTtlMs,
    private readonly now: () => number = Date.now,
  ) {}

  get(conferenceId: string): Promise<ConferenceJoinFacts | null> {
    if (!uuidSchema.safeParse(conferenceId).success) return Promise.resolve(null);
    const entry = this.entries.get(conferenceId);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.facts;
    const facts = this.load(conferenceId);
    this.entries.set(conferenceId, { at: this.now(), facts });
    // A failed read, or a conference not joinable now, is not remembered: the next join asks again.
    const drop = () => this.entries.get(conferenceId)?.facts === facts && this.entries.delete(conferenceId);
    facts.then((f) => (!f || !this.keep(f.conference.status)) && drop(), drop);
    if (this.entries.size > 1000) this.prune();
    return facts;
  }

  forget(conferenceId: string): void {
    this.entries.delete(conferenceId);
  }

  private async load(conferenceId: string): Promise<ConferenceJoinFacts | null> {
    const conference = await this.prisma.conference.findUnique({
      where: { id: conferenceId },
      select: {
        id: true,
        title: true,
        status: true,
        scheduledStart: true,
        scheduledEnd: true,
        originSiteId: true,
        agenda: true,
        hostUnit: { select: { id: true, code: true, name: true, path: true } },
      },
    });
    if (!conference) return null;
    return { conference, documents: await this.publisher.forSite(await publicDocuments(this.prisma, conferenceId)) };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(id);
  }
}

/**
 * The per-site half: the site, its unit, and whether the conference invited it (one query each,
 * in parallel). Ids come from tokens: one that cannot be a uuid is unknown, not a database error.
 */
export async function findSiteInConference(prisma: Prisma.TransactionClient, ids: { siteId: string; conferenceId: string }) {
  if (!uuidSchema.safeParse(ids.siteId).success || !uuidSchema.safeParse(ids.conferenceId).success) return null;
  const [site, participant] = await Promise.all([
    prisma.site.findUnique({
      where: { id: ids.siteId },
      select: { id: true, code: true, name: true, linkProfile: true, unit: { select: { id: true, code: true, name: true, tierLevel: true, path: true } } },
    }),
    prisma.conferenceSite.findUnique({
      where: { conferenceId_siteId: { conferenceId: ids.conferenceId, siteId: ids.siteId } },
      select: { siteId: true },
    }),
  ]);
  return site && { site, isParticipant: participant !== null };
}

export type SiteInConference = NonNullable<Awaited<ReturnType<typeof findSiteInConference>>>;
