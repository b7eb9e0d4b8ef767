// Written opinions for one replica: sites send them (limited per site), the secretariat decides on
// them along contracts' lifecycle, and every change is published once to every replica, which
// hands it to its own consoles, the sending site and the hall.
import {
  LienthongError,
  hallOpinionSchema,
  nextOpinionStatus,
  opinionSchema,
  takesMerges,
  type HallOpinion,
  type moderateOpinionSchema,
  type OpinionAction,
  type Opinion,
  type OpinionStatus,
  type SiteOpinion,
  type sendOpinionSchema,
  isRunning,
} from '@lienthong/contracts';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ReplicaNews } from '../live/replica-news.js';
import {
  conferenceOpinions,
  findOpinion,
  forSendingSite,
  insertOpinion,
  lockOpinions,
  onChairScreen,
  readOpinions,
  siteOpinions,
  waitingFrom,
} from './opinion-records.js';
import type { OpinionSendLimiter } from './send-limit.js';

/** What every replica hears: the opinions that changed and, when it changed, the chair's screen. */
export const opinionNewsSchema = z.object({ c: z.string(), o: z.array(opinionSchema), h: z.array(hallOpinionSchema).optional() });
export type OpinionNews = z.output<typeof opinionNewsSchema>;


type Decision = z.output<typeof moderateOpinionSchema>;

/** Runs the decision's writes in one transaction with its audit entry (the REST layer's `call.change`). */
export type Audited = <T>(work: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>;

export class OpinionService {
  constructor(private readonly deps: { db: Database; news: ReplicaNews<typeof opinionNewsSchema>; limiter: OpinionSendLimiter }) {}

  private get prisma() {
    return this.deps.db.prisma;
  }

  /** A site sends an opinion of one of its delegates; a resend of the same `clientRef` answers the stored one. */
  async send(conferenceId: string, siteId: string, input: z.output<typeof sendOpinionSchema>): Promise<SiteOpinion> {
    const conference = await this.prisma.conference.findUnique({ where: { id: conferenceId }, select: { status: true } });
    if (!conference || !isRunning(conference.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${conference?.status ?? 'gone'}`);
    const resent = await this.prisma.opinion.findUnique({
      where: { conferenceId_siteId_clientRef: { conferenceId, siteId, clientRef: input.clientRef } },
      select: { id: true },
    });
    if (resent) return forSendingSite(await findOpinion(this.prisma, resent.id));
    this.deps.limiter.checkWaiting(await waitingFrom(this.prisma, conferenceId, siteId));
    await this.deps.limiter.take(conferenceId, siteId);
    const { opinion, created } = await insertOpinion(this.prisma, { conferenceId, siteId, ...input });
    if (created) await this.deps.news.publish({ c: conferenceId, o: [opinion] });
    return forSendingSite(opinion);
  }

  /** The opinion's conference (for the caller's scope check before it decides). */
  async conferenceOf(opinionId: string): Promise<string> {
    return (await findOpinion(this.prisma, opinionId)).conferenceId;
  }

  /**
   * The secretariat's decision, checked against the lifecycle with the rows locked: a merge's
   * target must be another live opinion of the same conference, and takes over whatever had been
   * merged into the merged one; forwarding needs the conference running (the hall shows it).
   */
  async moderate(opinionId: string, decision: Decision, opts: { conferenceRunning: boolean; audited: Audited }): Promise<Opinion> {
    const into = decision.action === 'merge' ? decision.into : null;
    if (into === opinionId) throw new LienthongError('BAD_REQUEST', 'An opinion cannot be merged into itself');
    if (decision.action === 'forward' && !opts.conferenceRunning) throw new LienthongError('CONFERENCE_NOT_OPEN', 'Only a running conference has a chair to forward to');
    const { changed, screenChanged, conferenceId } = await opts.audited(async (tx) => {
      const locked = await lockOpinions(tx, into ? [opinionId, into] : [opinionId]);
      const opinion = locked.get(opinionId);
      if (!opinion) throw new LienthongError('NOT_FOUND', `No opinion ${opinionId}`);
      const status = allowed(opinion.status, decision);
      const moved = [opinionId];
      let target: OpinionStatus | null = null;
      if (into) {
        const other = locked.get(into);
        if (!other || other.conferenceId !== opinion.conferenceId) throw new LienthongError('BAD_REQUEST', 'The merge target is not an opinion of this conference');
        if (!takesMerges(other.status)) throw statusError(other.status, decision, `Opinion ${into} is ${other.status}: nothing can be merged into it`);
        target = other.status;
        // What had been merged into this one follows it into the target: no chains of merges.
        const followers = await tx.opinion.findMany({ where: { mergedIntoId: opinionId }, select: { id: true } });
        await tx.opinion.updateMany({ where: { mergedIntoId: opinionId }, data: { mergedIntoId: into } });
        moved.push(into, ...followers.map((f) => f.id));
      }
      await tx.opinion.update({
        where: { id: opinionId },
        data: { status, decidedAt: new Date(), reason: decision.action === 'reject' ? decision.reason : null, mergedIntoId: into },
      });
      const screenChanged = decision.action === 'forward' || decision.action === 'done' || target === 'forwarded';
      return { changed: await readOpinions(tx, moved), screenChanged, conferenceId: opinion.conferenceId };
    });
    await this.deps.news.publish({ c: conferenceId, o: changed, ...(screenChanged ? { h: await onChairScreen(this.prisma, conferenceId) } : {}) });
    return changed.find((o) => o.id === opinionId)!;
  }

  /** The conference's opinions, oldest first; `under` narrows them to one subtree's sites. */
  list(conferenceId: string, under = '/'): Promise<Opinion[]> {
    return conferenceOpinions(this.prisma, conferenceId, under);
  }

  /** What a site's panel shows: its own opinions and, for the hall, the chair's screen. */
  async forSite(conferenceId: string, siteId: string, isHall: boolean): Promise<{ mine: SiteOpinion[]; onScreen: HallOpinion[] }> {
    const [mine, onScreen] = await Promise.all([siteOpinions(this.prisma, conferenceId, siteId), isHall ? onChairScreen(this.prisma, conferenceId) : []]);
    return { mine, onScreen };
  }
}

const pastTense: Record<OpinionAction, string> = { accept: 'accepted', reject: 'rejected', merge: 'merged', forward: 'forwarded', done: 'marked done' };

function statusError(status: OpinionStatus, decision: Decision, message: string) {
  return new LienthongError('OPINION_STATUS', message, undefined, { status, action: decision.action });
}

/** The status the decision leads to, or OPINION_STATUS when the lifecycle refuses it. */
function allowed(status: OpinionStatus, decision: Decision): OpinionStatus {
  const next = nextOpinionStatus(status, decision.action);
  if (!next) throw statusError(status, decision, `An opinion that is ${status} cannot be ${pastTense[decision.action]}`);
  return next;
}
