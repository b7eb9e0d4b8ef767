// What the control plane needs to know when a site asks to join a conference.
import { linkProfileSchema, uuidSchema, type ConferenceStatus, type SiteDocument } from '@lienthong/contracts';
import { z } from 'zod';
import type { DocumentPublisher } from '../documents/document-publisher.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { SqlClient } from '../db/sql-client.js';
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

/** One row of `siteInConferenceSql`; parsed, because raw SQL answers are not typed by Prisma. */
const siteRowSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  linkProfile: linkProfileSchema,
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  unitTierLevel: z.number().int(),
  unitPath: z.string(),
  isParticipant: z.boolean(),
  revoked: z.boolean(),
});

/** $1 the conference, $2 the token's link generation (null for a code), $3 the site. */
const siteInConferenceSql = `
  SELECT s.id::text, s.code, s.name, s.link_profile::text AS "linkProfile",
         u.id::text AS "unitId", u.code AS "unitCode", u.name AS "unitName", u.tier_level AS "unitTierLevel", u.path AS "unitPath",
         EXISTS (SELECT 1 FROM conference_sites cs WHERE cs.conference_id = $1::uuid AND cs.site_id = s.id) AS "isParticipant",
         ($2::int IS NOT NULL AND EXISTS (
            SELECT 1 FROM join_links l
             WHERE l.conference_id = $1::uuid AND l.site_id = s.id
               AND l.revoked_at IS NOT NULL AND l.generation >= $2::int)) AS revoked
    FROM sites s JOIN units u ON u.id = s.unit_id
   WHERE s.id = $3::uuid`;

/**
 * The per-site half, in one statement (it runs for every site's connection: four statements
 * before): the site and its unit, whether the conference invited it, and, for a site token, whether
 * the link generation it was minted from has been revoked since. Ids come from tokens: one that
 * cannot be a uuid is unknown, not a database error.
 */
export async function findSiteInConference(sql: SqlClient, ids: { siteId: string; conferenceId: string; generation?: number }) {
  if (!uuidSchema.safeParse(ids.siteId).success || !uuidSchema.safeParse(ids.conferenceId).success) return null;
  const rows = await sql.query(siteInConferenceSql, [ids.conferenceId, ids.generation ?? null, ids.siteId]);
  if (!rows.length) return null;
  const row = siteRowSchema.parse(rows[0]);
  return {
    site: {
      id: row.id,
      code: row.code,
      name: row.name,
      linkProfile: row.linkProfile,
      unit: { id: row.unitId, code: row.unitCode, name: row.unitName, tierLevel: row.unitTierLevel, path: row.unitPath },
    },
    isParticipant: row.isParticipant,
    /** The site token's link generation was revoked (a re-issued link): refuse it. */
    generationRevoked: row.revoked,
  };
}

export type SiteInConference = NonNullable<Awaited<ReturnType<typeof findSiteInConference>>>;
