import type { Notice, SiteLabel, Stage as StageView } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';

/** Notices a room keeps to hand to sites that (re)join later. */
const keptNotices = 50;

interface SentNotice extends Notice {
  /** null: every site */
  to: ReadonlySet<string> | null;
}

/**
 * Who holds the floor, who raised a hand, who is muted, and what the operator said: plain state,
 * keyed by site (not connection), with no media in it. The room turns changes here into media
 * changes (what the program carries, which producers the nodes forward).
 */
export class StageState {
  private floor: (SiteLabel & { since: Date }) | null = null;
  /** Insertion order is the queue order. */
  private readonly hands = new Map<string, SiteLabel & { raisedAt: Date }>();
  private readonly muted = new Set<string>();
  private readonly notices: SentNotice[] = [];

  get floorSiteId(): string | null {
    return this.floor?.siteId ?? null;
  }

  /** Gives the floor to a site (its hand goes down) or, with null, takes it back. Returns the previous holder. */
  giveFloor(site: SiteLabel | null, now = new Date()): string | null {
    const previous = this.floorSiteId;
    this.floor = site ? { ...site, since: now } : null;
    if (site) this.hands.delete(site.siteId);
    return previous;
  }

  /** Returns whether anything changed (raising twice keeps the first place in the queue). */
  setHand(site: SiteLabel, raised: boolean, now = new Date()): boolean {
    if (!raised) return this.hands.delete(site.siteId);
    if (this.hands.has(site.siteId) || this.floor?.siteId === site.siteId) return false;
    this.hands.set(site.siteId, { ...site, raisedAt: now });
    return true;
  }

  setMuted(siteId: string, muted: boolean): boolean {
    if (muted === this.muted.has(siteId)) return false;
    if (muted) this.muted.add(siteId);
    else this.muted.delete(siteId);
    return true;
  }

  isMuted(siteId: string): boolean {
    return this.muted.has(siteId);
  }

  handRaised(siteId: string): boolean {
    return this.hands.has(siteId);
  }

  addNotice(text: string, from: string, to: readonly string[] | null, now = new Date()): Notice {
    const notice: SentNotice = { id: randomUUID(), text, from, sentAt: now.toISOString(), to: to ? new Set(to) : null };
    this.notices.push(notice);
    if (this.notices.length > keptNotices) this.notices.shift();
    return strip(notice);
  }

  noticesFor(siteId: string): Notice[] {
    return this.notices.filter((n) => !n.to || n.to.has(siteId)).map(strip);
  }

  view(): StageView {
    return {
      floor: this.floor ? { ...this.floor, since: this.floor.since.toISOString() } : null,
      hands: [...this.hands.values()].map((h) => ({ ...h, raisedAt: h.raisedAt.toISOString() })),
      muted: [...this.muted],
    };
  }
}

function strip({ to: _to, ...notice }: SentNotice): Notice {
  return notice;
}
