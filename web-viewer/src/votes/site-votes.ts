import type { SiteVote, VoteWithTally } from '@lienthong/contracts';
import { PanelStore } from '../site/panel-store';
import type { SiteSignaling } from '../site/signaling';

export interface SiteVotesSnapshot {
  /** newest first */
  votes: readonly SiteVote[];
}

/**
 * A site's view of the conference's votes: loaded at every (re)connection (asking also subscribes
 * the socket to their news), then kept current by `voteChanged`; the site's own counts come back
 * with its entries.
 */
export class SiteVotes extends PanelStore<SiteVotesSnapshot> {
  constructor(private readonly signaling: SiteSignaling) {
    super({ votes: [] });
    signaling.onConnected(() => void this.refresh());
    signaling.on('voteChanged', (news) => this.heard(news));
  }

  refresh(): Promise<void> {
    return this.load(async () => ({ votes: await this.signaling.request('votes', {}) }), 'the votes');
  }

  /** Sends (or corrects) this site's counts; rejects with the server's refusal. */
  async enter(voteId: string, counts: number[]): Promise<boolean> {
    const answer = await this.signaling.request('enterVote', { voteId, counts });
    this.setVotes(this.getSnapshot().votes.map((v) => (v.vote.id === voteId ? { ...v, mine: answer.counts } : v)));
    return answer.corrected;
  }

  private heard(news: VoteWithTally): void {
    const { votes } = this.getSnapshot();
    const known = votes.find((v) => v.vote.id === news.vote.id);
    this.setVotes(known ? votes.map((v) => (v === known ? { ...news, mine: v.mine } : v)) : [{ ...news, mine: null }, ...votes]);
  }

  private setVotes(votes: readonly SiteVote[]): void {
    this.set({ votes });
  }
}
