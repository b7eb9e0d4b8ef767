// What the minutes are made from: the stored facts of one ended conference, loaded once
// (load-minutes-facts.ts) and turned into a document by a pure function (minutes-document.ts).
import type { MinutesHeader } from '@lienthong/contracts';
import type { MinutesOpinion } from './opinions.js';

export interface MinutesSite {
  siteId: string;
  siteName: string;
  unit: { code: string; name: string; path: string };
  /** connected at least once */
  attended: boolean;
  /** delegates it reported present (null: none reported) */
  delegates: number | null;
}

export interface MinutesVote {
  question: string;
  options: string[];
  secret: boolean;
  openedAt: Date;
  closedAt: Date | null;
  /** the final tally once closed; before that, what the entries stored so far add up to */
  totals: number[];
  voted: number;
  expected: number;
}

/** One change of the floor, as the audit trail holds it: a site given the floor, or null (taken back). */
export interface FloorChange {
  at: Date;
  siteId: string | null;
}

export interface MinutesFacts {
  header: MinutesHeader;
  conference: {
    title: string;
    agenda: string | null;
    scheduledStart: Date;
    scheduledEnd: Date;
    /** null: not ended (minutes on demand of a conference still running are not made) */
    endedAt: Date | null;
    originSiteId: string;
    originSiteName: string;
  };
  host: { code: string; name: string; path: string; parentName: string | null };
  /** tier names by level (0: the root) */
  tiers: ReadonlyMap<number, string>;
  /** names of the units the sites roll up to (the host and the units directly under it), by code */
  unitNames: ReadonlyMap<string, string>;
  /** every invited site, in unit-tree order */
  sites: MinutesSite[];
  floor: FloorChange[];
  votes: MinutesVote[];
  opinions: MinutesOpinion[];
}
