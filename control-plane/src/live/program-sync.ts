import type { Notice, ProgramTrack, SiteLabel, SiteRole, SiteStageState, Stage, TrackSource } from '@lienthong/contracts';
import type { Logger } from '../logger.js';
import type { CascadePlan } from '../planner/plan.js';
import type { Cascade } from './cascade.js';
import type { RoomOutput } from './conference-room.js';
import type { Presence } from './presence-record.js';
import type { RoomFleet } from './room-fleet.js';
import { presenterOf } from './room-presentation.js';
import type { RoomState } from './room-state.js';
import type { StageState, StageView } from './stage.js';

/** Who hears of the program and the stage changing, besides the sites (the room's events). */
export interface ProgramListeners {
  programChanged(program: ProgramTrack[]): void;
  stageChanged(stage: StageView): void;
}

/**
 * Keeps each present site's media in line with the stage: who is in the program (the hall, the
 * floor holder), who is muted, whose camera a console previews. The operator's and sites' stage
 * actions (floor, mutes, hands, notices) go through here, and so does every program change the
 * sites and listeners hear of.
 */
export class ProgramSync {
  constructor(
    private readonly o: {
      conferenceId: string;
      state: RoomState;
      stage: StageState;
      plan: CascadePlan;
      cascade: Cascade;
      fleet: RoomFleet;
      output: RoomOutput;
      logger: Logger;
      listeners: ProgramListeners;
      /** Whether some console watches the site's picture (its camera is forwarded for it). */
      previewed(siteId: string): boolean;
    },
  ) {}

  /** The operator gives the floor to a site (null, or the hall itself: takes it back). */
  async giveFloor(site: SiteLabel | null): Promise<Stage> {
    const holder = site && site.siteId !== this.o.plan.originSiteId ? site : null;
    const previous = this.o.stage.giveFloor(holder);
    for (const siteId of new Set([previous, holder?.siteId])) {
      const present = siteId ? this.o.state.sites.get(siteId) : undefined;
      if (present) await this.syncSite(present);
    }
    this.o.logger.info({ conferenceId: this.o.conferenceId, floor: holder?.siteId ?? null, previous }, 'floor changed');
    return this.stageChanged();
  }

  async setMuted(siteId: string, muted: boolean): Promise<Stage> {
    if (this.o.stage.setMuted(siteId, muted)) {
      const present = this.o.state.sites.get(siteId);
      if (present) await this.syncSite(present);
    }
    return this.stageChanged();
  }

  /** A site asks to speak or withdraws; the answer is its own stage state. */
  raiseHand(site: Presence, raised: boolean): SiteStageState {
    if (this.o.stage.setHand(site, raised)) this.stageChanged();
    return this.siteState(site.siteId, site.role);
  }

  /** Sends a notice to the given sites (null: all); returns it and how many of them are present now. */
  sendNotice(text: string, from: string, siteIds: readonly string[] | null): { notice: Notice; recipients: number } {
    const notice = this.o.stage.addNotice(text, from, siteIds);
    this.o.listeners.stageChanged(this.o.stage.view());
    if (!siteIds) {
      this.o.output.toAll('notice', notice);
      return { notice, recipients: this.o.state.sites.size };
    }
    let recipients = 0;
    for (const siteId of new Set(siteIds)) {
      const site = this.o.state.sites.get(siteId);
      if (!site) continue;
      this.o.output.toSession(site.sessionId, 'notice', notice);
      recipients += 1;
    }
    return { notice, recipients };
  }

  stageView(): Stage {
    return { ...this.o.stage.view(), presentation: presenterOf(this.o.state.programTracks()) };
  }

  programChanged(): void {
    const program = this.o.state.programTracks();
    this.o.output.toAll('programChanged', { program });
    this.o.listeners.programChanged(program);
  }

  private stageChanged(): Stage {
    for (const site of this.o.state.sites.values()) this.o.output.toSession(site.sessionId, 'stageChanged', this.siteState(site.siteId, site.role));
    this.o.listeners.stageChanged(this.o.stage.view());
    return this.stageView();
  }

  /**
   * Whether the site's node should forward a track of `source` now: the microphone while in the
   * program and not muted, the camera while in the program or previewed, a presentation while in the program.
   */
  forwards(site: Presence, source: TrackSource): boolean {
    const inProgram = this.inProgram(site.siteId, site.role);
    if (source === 'microphone') return inProgram && !this.o.stage.isMuted(site.siteId);
    return source === 'camera' ? inProgram || this.o.previewed(site.siteId) : inProgram;
  }

  inProgram(siteId: string, role: SiteRole): boolean {
    return role === 'hall' || this.o.stage.floorSiteId === siteId;
  }

  siteState(siteId: string, role: SiteRole): SiteStageState {
    return {
      handRaised: this.o.stage.handRaised(siteId),
      onFloor: this.o.stage.floorSiteId === siteId,
      muted: this.o.stage.isMuted(siteId),
      sending: this.inProgram(siteId, role),
      previewed: this.o.previewed(siteId),
    };
  }

  /**
   * Brings a present site's media in line with the stage. Entering the program, its producers are
   * resumed before anyone consumes them; leaving it, the sites drop their consumers first, then the
   * copies along the tree close, then its node stops forwarding. A muted site's microphone stays
   * in the program, paused at its node, so unmuting needs no one to consume anew.
   */
  async syncSite(site: Presence): Promise<void> {
    const { state, cascade } = this.o;
    const inProgram = this.inProgram(site.siteId, site.role);
    const previewed = this.o.previewed(site.siteId);
    const forwards = (source: TrackSource) => this.forwards(site, source);
    const node = this.o.fleet.get(site.nodeId);
    const { routerId } = await cascade.routerOn(site.router);
    const setForwarding = async (producerId: string, forwarding: boolean) => {
      const producer = site.producers.get(producerId);
      if (!producer || producer.forwarding === forwarding) return;
      producer.forwarding = forwarding;
      state.touchSite(site.siteId);
      await node.call(forwarding ? 'resumeProducer' : 'pauseProducer', { producerId, routerId });
    };
    const added: string[] = [];
    const removed: string[] = [];
    // A floor holder's paused presentation does not come back over another site's.
    const presenter = presenterOf(state.programTracks());
    const otherPresenter = presenter !== null && presenter.siteId !== site.siteId;
    for (const [producerId, { source }] of site.producers) {
      if (forwards(source)) await setForwarding(producerId, true);
      if (source === 'presentation' && otherPresenter) continue;
      if (inProgram && !state.program.has(producerId)) added.push(producerId);
      if (!inProgram && state.program.has(producerId)) removed.push(producerId);
    }
    for (const producerId of added) {
      const { kind, source } = site.producers.get(producerId)!;
      state.addToProgram({
        track: { producerId, kind, source, siteId: site.siteId, siteName: site.siteName, unitName: site.unitName },
        home: site.router,
      });
    }
    for (const producerId of removed) state.dropFromProgram(producerId);
    if (added.length || removed.length) this.programChanged();
    // A floor holder's tracks go up to the origin at once: the recorder and every branch take them there.
    const origin = this.o.plan.root;
    if (origin && site.role !== 'hall')
      for (const producerId of added)
        void cascade.carry(producerId, site.router, origin).catch((err: unknown) => this.o.logger.warn({ err, producerId }, 'could not carry the floor to the origin'));
    // A camera some console previews keeps its copies: the thumbnails go on through them.
    const stillCarried = (producerId: string) => previewed && site.producers.get(producerId)?.source === 'camera';
    await Promise.allSettled(removed.filter((id) => !stillCarried(id)).map((producerId) => cascade.dropCopies(producerId)));
    for (const [producerId, { source }] of site.producers) {
      if (!forwards(source)) await setForwarding(producerId, false);
    }
    this.o.output.toSession(site.sessionId, 'stageChanged', this.siteState(site.siteId, site.role));
  }
}
