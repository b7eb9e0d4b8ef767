import type { HallOpinion, SendOpinion, SiteOpinion } from '@lienthong/contracts';
import { PanelStore } from '../site/panel-store';
import type { SiteSignaling } from '../site/signaling';

export interface SiteOpinionsSnapshot {
  /** this site's own opinions, oldest first */
  mine: readonly SiteOpinion[];
  /** the hall only: what is on the chair's screen, oldest first */
  onScreen: readonly HallOpinion[];
}

/**
 * A site's written opinions: loaded at every (re)connection (asking also subscribes the socket to
 * their news), then kept current by `opinionChanged` and, in the hall, `hallOpinions`.
 */
export class SiteOpinions extends PanelStore<SiteOpinionsSnapshot> {
  constructor(private readonly signaling: SiteSignaling) {
    super({ mine: [], onScreen: [] });
    signaling.onConnected(() => void this.refresh());
    signaling.on('opinionChanged', (opinion) => this.heard(opinion));
    signaling.on('hallOpinions', (onScreen) => this.set({ ...this.getSnapshot(), onScreen }));
  }

  refresh(): Promise<void> {
    return this.load(() => this.signaling.request('opinions', {}), 'the opinions');
  }

  /** Sends an opinion; rejects with the server's refusal. Sent again with the same `clientRef`, it is stored once. */
  async send(opinion: SendOpinion): Promise<SiteOpinion> {
    const stored = await this.signaling.request('sendOpinion', opinion);
    this.heard(stored);
    return stored;
  }

  private heard(opinion: SiteOpinion): void {
    const { mine } = this.getSnapshot();
    const next = mine.some((o) => o.id === opinion.id) ? mine.map((o) => (o.id === opinion.id ? opinion : o)) : [...mine, opinion].sort((a, b) => a.number - b.number);
    this.set({ ...this.getSnapshot(), mine: next });
  }
}
