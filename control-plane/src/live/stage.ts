import { noticeSchema, siteLabelSchema, type Notice, type SiteLabel, type Stage } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The stage as this state holds it; the room adds who presents (from its program). */
export type StageView = Omit<Stage, 'presentation'>;

/** Notices a room keeps to hand to sites that (re)join later. */
const keptNotices = 50;

interface SentNotice extends Notice {
  /** null: every site */
  to: ReadonlySet<string> | null;
}

/** How a stage is stored (Redis), to survive a control-plane restart. */
const stageSnapshotSchema = z.object({
  floor: siteLabelSchema.extend({ since: z.iso.datetime() }).nullable(),
  hands: z.array(siteLabelSchema.extend({ raisedAt: z.iso.datetime() })),
  muted: z.array(z.string()),
  notices: z.array(noticeSchema.extend({ to: z.array(z.string()).nullable() })),
});

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
    this.floor = site ? { ...labelOf(site), since: now } : null;
    if (site) this.hands.delete(site.siteId);
    return previous;
  }

  /** Returns whether anything changed (raising twice keeps the first place in the queue). */
  setHand(site: SiteLabel, raised: boolean, now = new Date()): boolean {
    if (!raised) return this.hands.delete(site.siteId);
    if (this.hands.has(site.siteId) || this.floor?.siteId === site.siteId) return false;
    this.hands.set(site.siteId, { ...labelOf(site), raisedAt: now });
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

  snapshot(): z.infer<typeof stageSnapshotSchema> {
    return { ...this.view(), notices: this.notices.map((n) => ({ ...n, to: n.to ? [...n.to] : null })) };
  }

  static restore(raw: unknown): StageState {
    const s = stageSnapshotSchema.parse(raw);
    const stage = new StageState();
    stage.floor = s.floor ? { ...s.floor, since: new Date(s.floor.since) } : null;
    for (const h of s.hands) stage.hands.set(h.siteId, { ...h, raisedAt: new Date(h.raisedAt) });
    for (const siteId of s.muted) stage.muted.add(siteId);
    for (const n of s.notices) stage.notices.push({ ...n, to: n.to ? new Set(n.to) : null });
    return stage;
  }

  view(): StageView {
    return {
      floor: this.floor ? { ...this.floor, since: this.floor.since.toISOString() } : null,
      hands: [...this.hands.values()].map((h) => ({ ...h, raisedAt: h.raisedAt.toISOString() })),
      muted: [...this.muted],
    };
  }
}

/** Only the label: callers may pass a richer object (a present site). */
const labelOf = ({ siteId, siteName, unitName }: SiteLabel): SiteLabel => ({ siteId, siteName, unitName });

function strip({ to: _to, ...notice }: SentNotice): Notice {
  return notice;
}
