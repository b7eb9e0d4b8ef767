// Votes for one replica: opens them, takes sites' entries into the Redis tally (checked against
// the delegates each site reported present), writes entries behind to PostgreSQL once a tick,
// and once a tick publishes the tallies that moved. Closing, by the secretariat or at the time
// limit, is idempotent on every replica: Redis refuses entries from then on and the final tally
// is written once.
import type { AttendanceLedger } from '../domain/attendance-ledger.js';
import { LienthongError, type openVoteSchema, type SiteVote, type Vote, type VoteResult, type VoteSiteLine, type VoteTally, type VoteWithTally } from '@lienthong/contracts';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { VoteBus } from './vote-bus.js';
import {
  conferenceVotes,
  createVote,
  finishVote,
  loadFrame,
  requireVote,
  storedEntries,
  storedResult,
  writeEntries,
  type EntryRow,
  type VoteFrame,
} from './vote-records.js';
import type { StoredEntry, VoteTallyStore } from './vote-tally-store.js';
import { DelegateLookup } from './delegate-lookup.js';

export const voteTickMs = 1000;
const countsSchema = z.array(z.number());

export class VoteService {
  private readonly frames = new Map<string, Promise<VoteFrame>>();
  private pending: EntryRow[] = [];
  private readonly moved = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;
  private readonly delegates: DelegateLookup;

  constructor(
    private readonly deps: {
      db: Database;
      store: VoteTallyStore;
      bus: VoteBus;
      logger: Logger;
      /** Delegate counts this replica took and has not written yet: a site may vote right after joining. */
      attendance?: Pick<AttendanceLedger, 'waitingDelegates'>;
      tickMs?: number;
      clock?: () => number;
    },
  ) {
    this.timer = setInterval(() => void this.tick(), deps.tickMs ?? voteTickMs);
    this.timer.unref();
    this.delegates = new DelegateLookup(deps.db.prisma, (conferenceId, siteId) => deps.attendance?.waitingDelegates(conferenceId, siteId));
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }
  private get prisma() {
    return this.deps.db.prisma;
  }

  private frame(voteId: string): Promise<VoteFrame> {
    let frame = this.frames.get(voteId);
    if (!frame) {
      frame = requireVote(this.prisma, voteId).then((row) => loadFrame(this.prisma, row));
      this.frames.set(voteId, frame);
      frame.catch(() => this.frames.delete(voteId));
    }
    return frame;
  }

  async open(conferenceId: string, input: z.output<typeof openVoteSchema>, openedBy: string): Promise<Vote> {
    const closesAt = new Date(this.now() + input.durationSeconds * 1000);
    const vote = await createVote(this.prisma, { conferenceId, question: input.question, options: input.options, secret: input.secret, openedBy, closesAt });
    await this.deps.store.open(vote.id, closesAt);
    this.moved.add(vote.id);
    return vote;
  }

  /** A site enters (or corrects) its counts. */
  async enter(conferenceId: string, siteId: string, voteId: string, counts: number[]): Promise<{ counts: number[]; corrected: boolean }> {
    const frame = await this.frame(voteId).catch(() => null);
    if (!frame || frame.vote.conferenceId !== conferenceId) throw new LienthongError('NOT_FOUND', `No vote ${voteId} in this conference`);
    const site = frame.sites.get(siteId);
    if (!site) throw new LienthongError('FORBIDDEN', 'This site does not take part in the vote');
    if (counts.length !== frame.vote.options.length)
      throw new LienthongError('BAD_REQUEST', `The vote has ${frame.vote.options.length} options, not ${counts.length}`);
    const total = counts.reduce((a, b) => a + b, 0);
    const present = await this.delegates.get(conferenceId, siteId);
    if (present === null || total > present)
      throw new LienthongError('DELEGATES_EXCEEDED', `${total} votes but ${present ?? 0} delegates reported present`, undefined, { present: present ?? 0, total });
    const now = this.now();
    const outcome = await this.deps.store.enter(voteId, siteId, site.group, counts, now);
    if (outcome.kind === 'closed') throw new LienthongError('VOTE_CLOSED', 'The vote is closed');
    if (outcome.kind === 'unknown') throw new LienthongError('NOT_FOUND', `Vote ${voteId} is not taking entries here`);
    this.pending.push({ voteId, siteId, counts, revision: outcome.revision, at: new Date(now) });
    this.moved.add(voteId);
    return { counts, corrected: outcome.kind === 'corrected' };
  }

  /** Closes the vote (if still open) and answers its result. */
  async close(voteId: string): Promise<VoteResult> {
    const frame = await this.frame(voteId);
    await this.finish(frame);
    return this.result(voteId);
  }

  private async finish(frame: VoteFrame): Promise<void> {
    const voteId = frame.vote.id;
    await this.deps.store.close(voteId);
    const at = new Date(Math.min(this.now(), Date.parse(frame.vote.closesAt)));
    // What this replica still holds goes first; then every site's last entry as Redis has it.
    await this.flush();
    const entries = await this.deps.store.entries(voteId);
    const rows = [...entries].map(([siteId, e]) => ({ voteId, siteId, counts: e.counts, revision: e.revision, at }));
    await writeEntries(this.prisma, rows);
    const tally = await this.liveTally(frame);
    await finishVote(this.prisma, voteId, tally, at);
    const row = await requireVote(this.prisma, voteId);
    frame.vote = { ...frame.vote, status: 'closed', closedAt: row.closedAt!.toISOString() };
    this.moved.add(voteId);
  }

  private async liveTally(frame: VoteFrame): Promise<VoteTally> {
    const stored = await this.deps.store.tally(frame.vote.id, frame.vote.options.length);
    return {
      totals: stored.totals,
      voted: stored.voted,
      expected: frame.sites.size,
      groups: frame.groups.map((g) => {
        const s = stored.groups.get(g.code);
        return [g.code, g.name, s?.voted ?? 0, g.expected, s?.counts ?? new Array<number>(frame.vote.options.length).fill(0)];
      }),
    };
  }

  private async withTally(voteId: string): Promise<VoteWithTally & { frame: VoteFrame }> {
    const frame = await this.frame(voteId);
    if (frame.vote.status === 'open' && Date.parse(frame.vote.closesAt) <= this.now()) await this.finish(frame);
    if (frame.vote.status === 'closed') {
      const row = await requireVote(this.prisma, voteId);
      frame.vote = { ...frame.vote, closedAt: row.closedAt?.toISOString() ?? frame.vote.closedAt };
      const stored = storedResult(row);
      if (stored) return { vote: frame.vote, tally: stored, frame };
    }
    return { vote: frame.vote, tally: await this.liveTally(frame), frame };
  }

  async list(conferenceId: string): Promise<VoteWithTally[]> {
    const rows = await conferenceVotes(this.prisma, conferenceId);
    return Promise.all(rows.map(async (r) => {
      const { vote, tally } = await this.withTally(r.id);
      return { vote, tally };
    }));
  }

  /** What a site sees: totals without the units' subtotals, and its own counts. */
  async forSite(conferenceId: string, siteId: string): Promise<SiteVote[]> {
    return Promise.all(
      (await this.list(conferenceId)).map(async (v) => ({ ...forSites(v), mine: (await this.deps.store.entry(v.vote.id, siteId))?.counts ?? null })),
    );
  }

  async result(voteId: string): Promise<VoteResult> {
    const { vote, tally, frame } = await this.withTally(voteId);
    const voted = new Set((await this.lines(frame)).filter((l) => l.counts).map((l) => l.siteId));
    const notVoted = [...frame.sites].filter(([id]) => !voted.has(id)).map(([siteId, s]) => ({ siteId, siteName: s.name, unitName: s.unitName }));
    return { vote, tally, notVoted };
  }

  /** Every site of the vote with what it entered (stored entries once closed, else Redis's). */
  async sites(voteId: string): Promise<{ vote: Vote; lines: VoteSiteLine[] }> {
    const { vote, frame } = await this.withTally(voteId);
    return { vote, lines: await this.lines(frame) };
  }

  private async lines(frame: VoteFrame): Promise<VoteSiteLine[]> {
    await this.flush();
    const stored = new Map((await storedEntries(this.prisma, frame.vote.id)).map((e) => [e.siteId, e]));
    const live = frame.vote.status === 'open' ? await this.deps.store.entries(frame.vote.id) : new Map<string, StoredEntry>();
    return [...frame.sites].map(([siteId, s]) => {
      const row = stored.get(siteId);
      const counts = live.get(siteId)?.counts ?? (row ? countsSchema.parse(row.counts) : null);
      const revision = live.get(siteId)?.revision ?? row?.revision ?? 0;
      return { siteId, siteName: s.name, unitName: s.unitName, counts, enteredAt: row?.enteredAt.toISOString() ?? null, corrections: Math.max(0, revision - 1) };
    });
  }

  /** Another replica's news: keeps this replica's copy of the vote's status current. */
  heard(news: VoteWithTally): void {
    const frame = this.frames.get(news.vote.id);
    void frame?.then((f) => {
      if (news.vote.status === 'closed') f.vote = news.vote;
    });
  }

  private async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    try {
      await writeEntries(this.prisma, rows);
    } catch (err) {
      this.pending.unshift(...rows);
      throw err;
    }
  }

  /** Once a tick: entries to PostgreSQL, expired votes closed, moved tallies published. */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    try {
      await this.flush();
      for (const [voteId, framing] of this.frames) {
        const frame = await framing.catch(() => null);
        if (frame?.vote.status === 'open' && Date.parse(frame.vote.closesAt) <= this.now()) await this.finish(frame);
        else if (frame?.vote.status === 'closed' && !this.moved.has(voteId)) this.frames.delete(voteId);
      }
      const moved = [...this.moved];
      this.moved.clear();
      for (const voteId of moved) {
        const { vote, tally } = await this.withTally(voteId);
        await this.deps.bus.publish(vote.conferenceId, { vote, tally });
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'vote tick failed');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.tick();
  }
}

/** Sites get the totals; the units' subtotals go to consoles only. */
export const forSites = (v: VoteWithTally): VoteWithTally => ({ vote: v.vote, tally: { ...v.tally, groups: [] } });
