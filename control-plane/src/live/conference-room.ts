import {
  cameraTracks,
  LienthongError,
  type ConsumerStart,
  type OpenedMedia,
  type SiteInUseDetails,
  type MediaKind,
  type Notice,
  type PreferredLayers,
  type ProgramTrack,
  type SiteEvent,
  type SiteEventName,
  type SiteLabel,
  type SiteStageState,
  type Stage,
  type SiteRole,
  type TrackSource,
  type TransportTuple,
  type WireDtlsParameters,
  type WireRtpCapabilities,
  type WireRtpParameters,
} from '@lienthong/contracts';
import { EventEmitter } from 'node:events';
import type { RoomFleet } from './room-fleet.js';
import type { Logger } from '../logger.js';
import type { PlanDiff, PlannerConfig, RouterKey } from '../planner/model.js';
import { CascadePlan, type RouterState } from '../planner/plan.js';
import { joinSite, leaveSite, loseRouters } from '../planner/planner.js';
import { Cascade } from './cascade.js';
import { fleetInput } from './fleet-input.js';
import { RoomPreviews, viewerPlanPrefix, type PreviewOutput } from './room-previews.js';
import type { RoomMediaJournal } from './ownership/room-media-store.js';
import { presenceFields, presenceRecord, restorePresence, restoreProgramEntry, type Presence, type ProgramEntry, type SiteIdentity } from './presence-record.js';
import { checkPresenter, presenterOf, sourceOfProduced } from './room-presentation.js';
import { SessionLimits, type TransportDirection } from './session-limits.js';
import { DetachedSessions } from './detached-sessions.js';
import { StageState, type StageView } from './stage.js';

/** The conference's origin: the hall's site, and its unit's ancestry (where the origin router belongs). */
export interface ConferenceOrigin {
  siteId: string;
  ancestry: string[];
}

/** How long a site told to rejoin keeps its room alive: browsers rejoin within seconds. */
export const rejoinGraceMs = 30_000;

/** How a room reaches its sites' browsers without knowing about socket.io. */
export interface RoomOutput {
  /** every site of the conference */
  toAll<K extends SiteEventName>(event: K, payload: SiteEvent<K>): void;
  /** one site's current session */
  toSession<K extends SiteEventName>(sessionId: string, event: K, payload: SiteEvent<K>): void;
  /** one console's thumbnails, wherever its socket is */
  toViewer(viewerId: string): PreviewOutput;
  /** Ends every session of the conference, on every replica: they rejoin, spread over a window fit for `sessions` of them. */
  endAll(reason: 'room-moved', sessions: number): void;
  /** Which of these sessions still have a socket, on any replica. */
  liveSessions(sessionIds: readonly string[]): Promise<Set<string>>;
}

/**
 * One live conference on this control-plane replica: which sites are present on which router,
 * the program everyone receives, and every media operation a site asks for, checked against what
 * the site owns. Where each site goes and which routers feed which is the planner's decision
 * (the plan); the media is the SFU nodes'; the plumbing between routers is the Cascade's.
 */
interface RoomEvents {
  /** The program's tracks changed (a track came or went, the floor moved): taps such as the recorder follow it. */
  programChanged: [ProgramTrack[]];
  /** Floor, hands or mutes changed (the stage is stored on it). */
  stageChanged: [StageView];
  /** A detached session was not resumed in time and left: the room may be empty now. */
  detachedLeft: [];
}

export class ConferenceRoom extends EventEmitter<RoomEvents> {
  private readonly sites = new Map<string, Presence>();
  private readonly program = new Map<string, ProgramEntry>();
  /** Sites told to rejoin after a failure, and since when: the room is not empty while they come back. */
  private readonly rejoining = new Map<string, number>();
  /** Sessions whose socket dropped, waiting to be resumed on a new one. */
  private readonly detached = new DetachedSessions();
  /** A previous owner's console receivers, on routers that stay: closed when the room is adopted. */
  private readonly formerViewers: { viewerId: string; router: RouterKey }[] = [];
  private readonly stage: StageState;
  readonly plan: CascadePlan;
  private readonly cascade: Cascade;
  /** The consoles' thumbnails of this conference's sites. */
  readonly previews: RoomPreviews;
  /** Where present sites and the program are recorded for a successor owner (none: not recorded). */
  private journal: RoomMediaJournal = { touch: () => {} };

  constructor(
    readonly conferenceId: string,
    origin: ConferenceOrigin | CascadePlan,
    private readonly fleet: RoomFleet,
    private readonly logger: Logger,
    private readonly output: RoomOutput,
    private readonly config: PlannerConfig,
    /** Called after every plan change, e.g. to persist it. */
    private readonly onPlanChanged: (plan: CascadePlan) => void = () => {},
    /** The stage a previous control plane left (floor, hands, mutes, notices), and where to keep it. */
    stored: { stage: StageState | null; save(stage: StageState): void } = { stage: null, save: () => {} },
  ) {
    super();
    this.stage = stored.stage ?? new StageState();
    this.on('stageChanged', () => stored.save(this.stage));
    this.plan = origin instanceof CascadePlan ? origin : new CascadePlan(origin.siteId, origin.ancestry);
    // Consoles' receivers of a previous owner are not adopted: they are told to open their previews
    // anew, and their transports are closed once the routers are adopted (`adopt`).
    for (const [planId, { router }] of [...this.plan.sites]) {
      if (!planId.startsWith(viewerPlanPrefix)) continue;
      const viewerId = planId.slice(viewerPlanPrefix.length);
      leaveSite(this.plan, planId);
      if (this.plan.routers.has(router)) this.formerViewers.push({ viewerId, router });
      output.toViewer(viewerId).lost();
    }
    this.cascade = new Cascade(conferenceId, fleet, this.plan, logger);
    this.previews = new RoomPreviews({
      conferenceId,
      plan: this.plan,
      cascade: this.cascade,
      fleet,
      config,
      logger,
      videoOf: (siteId) => {
        const site = this.sites.get(siteId);
        const video = site && [...site.producers].find(([, p]) => p.source === 'camera');
        return site && video ? { producerId: video[0], router: site.router } : null;
      },
      inProgram: (siteId) => {
        const site = this.sites.get(siteId);
        return !!site && this.inProgram(siteId, site.role);
      },
      watchChanged: async (siteId) => {
        const site = this.sites.get(siteId);
        if (site) await this.syncSite(site);
      },
      planChanged: (diff) => this.planChanged(diff),
    });
  }

  /**
   * Places the site (node and worker) by the plan and readies its router; a previous session of
   * the site is replaced. A previous session still connected (on any replica) from another PC is
   * replaced only when the joiner confirmed it (`takeover`), else SITE_IN_USE says since when.
   */
  async admit(identity: SiteIdentity, sessionId: string, joiner: { device: string | null; takeover: boolean } = { device: null, takeover: true }) {
    const previous = this.sites.get(identity.siteId);
    const takenOver = previous ? await this.takingOver(previous, sessionId, joiner) : false;
    if (previous) await this.leave(identity.siteId, previous.sessionId);
    // Right after a control-plane restart the node a resumed plan names may not be back yet.
    const placed = this.plan.sites.get(identity.siteId);
    await this.fleet.awaitStartup(placed ? this.plan.routers.get(placed.router)?.nodeId : undefined);
    const diff = joinSite(
      this.plan,
      { siteId: identity.siteId, ancestry: identity.unitAncestry },
      fleetInput(this.fleet.list(), this.plan, this.config),
      this.config,
    );
    this.planChanged(diff);
    const key = this.plan.sites.get(identity.siteId)?.router;
    if (!key) throw new LienthongError('NO_MEDIA_NODE');
    const router = await this.cascade.routerOn(key);
    this.carryShownCameraEarly(identity.siteId, key);
    this.rejoining.delete(identity.siteId);
    this.sites.set(identity.siteId, {
      ...identity,
      sessionId,
      joinedAt: new Date().toISOString(),
      device: joiner.device,
      router: key,
      nodeId: router.nodeId,
      transports: new Set(),
      producers: new Map(),
      consumers: new Map(),
      limits: new SessionLimits(),
    });
    this.touchSite(identity.siteId);
    this.logger.info({ conferenceId: this.conferenceId, siteId: identity.siteId, router: key }, 'site placed');
    return {
      nodeId: router.nodeId,
      routerRtpCapabilities: router.rtpCapabilities,
      program: this.programTracks(),
      stage: this.siteState(identity.siteId, identity.role),
      notices: this.stage.noticesFor(identity.siteId),
      replaced: previous?.sessionId,
      takenOver,
    };
  }

  /** Whether joining replaces a live session of another PC (allowed only when confirmed). */
  private async takingOver(previous: Presence, sessionId: string, joiner: { device: string | null; takeover: boolean }): Promise<boolean> {
    if (previous.sessionId === sessionId || (previous.device !== null && previous.device === joiner.device)) return false;
    if (!(await this.output.liveSessions([previous.sessionId])).has(previous.sessionId)) return false;
    if (!joiner.takeover) {
      const details: SiteInUseDetails = { connectedSince: previous.joinedAt };
      throw new LienthongError('SITE_IN_USE', `The site has been connected on another PC since ${previous.joinedAt}`, undefined, details);
    }
    return true;
  }

  /**
   * The site's socket dropped but its media goes on: the session waits for a resume on a new
   * socket, and leaves when none comes within the grace.
   */
  detach(siteId: string, sessionId: string): void {
    if (this.sites.get(siteId)?.sessionId !== sessionId) return;
    this.detached.detach(siteId, sessionId, () => {
      this.leave(siteId, sessionId).then(
        () => this.emit('detachedLeft'),
        (err: unknown) => this.logger.warn({ err, siteId }, 'could not end a detached session'),
      );
    });
  }

  /**
   * The site takes its session over on a new socket (`sessionId`): same placement, transports,
   * producers and consumers. NOT_JOINED when that session is no longer here (then it joins anew).
   */
  async resume(siteId: string, previousSessionId: string, sessionId: string) {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== previousSessionId) throw new LienthongError('NOT_JOINED', 'That session is gone: join again');
    this.detached.settle(siteId);
    site.sessionId = sessionId;
    this.touchSite(siteId);
    const router = await this.cascade.routerOn(site.router);
    this.logger.info({ conferenceId: this.conferenceId, siteId }, 'session resumed on a new socket');
    return {
      nodeId: site.nodeId,
      routerRtpCapabilities: router.rtpCapabilities,
      program: this.programTracks(),
      stage: this.siteState(siteId, site.role),
      notices: this.stage.noticesFor(siteId),
    };
  }

  /** One send and one receive transport per session: asking again replaces (the old one closes first). */
  async createTransport(siteId: string, sessionId: string, direction: TransportDirection = 'send') {
    const site = this.presence(siteId, sessionId);
    const replaced = site.limits.beginTransport(direction);
    let created: string | null = null;
    try {
      if (replaced && site.transports.delete(replaced)) await this.fleet.get(site.nodeId).call('closeTransport', { transportId: replaced });
      const { routerId } = await this.cascade.routerOn(site.router);
      const params = await this.fleet.get(site.nodeId).call('createWebRtcTransport', { routerId, peerId: siteId });
      site.transports.add((created = params.id));
      return params;
    } finally {
      site.limits.endTransport(direction, created);
      this.touchSite(siteId);
    }
  }

  /**
   * A joined site's media in one node command: its receive transport, its send transport when
   * asked (both replace any it had, as `createTransport` does) and paused consumers of the
   * program tracks it names that are still in the program, each carried to its router first.
   * `startKbps`: where the node's estimate for the receive transport starts (a weak site's).
   */
  async openMedia(
    siteId: string,
    sessionId: string,
    request: { rtpCapabilities: WireRtpCapabilities; send: boolean; consume: readonly string[]; startKbps?: number | null },
  ): Promise<OpenedMedia> {
    const site = this.presence(siteId, sessionId);
    const directions: TransportDirection[] = request.send ? ['recv', 'send'] : ['recv'];
    const begun: TransportDirection[] = [];
    let opened: OpenedMedia | null = null;
    try {
      const replaced: (string | undefined)[] = [];
      for (const direction of directions) {
        replaced.push(site.limits.beginTransport(direction));
        begun.push(direction);
      }
      const node = this.fleet.get(site.nodeId);
      for (const transportId of replaced) if (transportId && site.transports.delete(transportId)) await node.call('closeTransport', { transportId });
      // Consumers live on the receive transport: a replaced one took them all with it.
      if (replaced[0]) {
        for (const { producerId } of site.consumers.values()) site.limits.forget(producerId);
        site.consumers.clear();
      }
      const tracks = request.consume.filter((producerId) => this.program.has(producerId));
      for (const producerId of tracks) await this.cascade.carry(producerId, this.program.get(producerId)!.home, site.router);
      const { routerId } = await this.cascade.routerOn(site.router);
      const start = request.startKbps ? { startKbps: request.startKbps } : {};
      opened = await node.call('openSession', { routerId, peerId: siteId, send: request.send, rtpCapabilities: request.rtpCapabilities, producerIds: tracks, ...start });
      site.transports.add(opened.recv.id);
      if (opened.send) site.transports.add(opened.send.id);
      for (const consumer of opened.consumers) {
        site.consumers.set(consumer.id, { producerId: consumer.producerId, kind: consumer.kind });
        site.limits.consumed(consumer.producerId, consumer.id);
      }
      return opened;
    } finally {
      for (const direction of begun) site.limits.endTransport(direction, (direction === 'recv' ? opened?.recv.id : opened?.send?.id) ?? null);
      this.touchSite(siteId);
    }
  }

  /** Starts the site's paused consumers (its browser has them now), each at its receive level's layer. */
  async startConsumers(siteId: string, sessionId: string, consumers: readonly ConsumerStart[]): Promise<void> {
    const site = this.presence(siteId, sessionId);
    for (const { consumerId } of consumers) if (!site.consumers.has(consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this site's`);
    await this.fleet.get(site.nodeId).call('startConsumers', { consumers: [...consumers] });
  }

  /**
   * A plain RTP transport on the site's router, for media outside WebRTC: a recorder's or test's
   * UDP sink consuming the program, or an encoder feeding the hall's program (comedia).
   */
  async createPlainTransport(siteId: string, sessionId: string, comedia: boolean) {
    const site = this.presence(siteId, sessionId);
    const { routerId } = await this.cascade.routerOn(site.router);
    const created = await this.fleet.get(site.nodeId).call('createPlainTransport', { routerId, comedia });
    site.transports.add(created.transportId);
    this.touchSite(siteId);
    return created;
  }

  async connectPlainTransport(siteId: string, sessionId: string, transportId: string, remote: TransportTuple) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    await this.fleet.get(site.nodeId).call('connectPlainTransport', { transportId, remote });
  }

  async restartIce(siteId: string, sessionId: string, transportId: string) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    return this.fleet.get(site.nodeId).call('restartIce', { transportId });
  }

  async connectTransport(siteId: string, sessionId: string, transportId: string, dtlsParameters: WireDtlsParameters) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    await this.fleet.get(site.nodeId).call('connectWebRtcTransport', { transportId, dtlsParameters });
  }

  /**
   * Every site sends its camera and microphone (one of each), but its node forwards them only
   * while the site is in the program: the hall always, another site while it holds the floor.
   * A site in the program may add a presentation (a shared screen) while no other site presents.
   */
  async produce(siteId: string, sessionId: string, transportId: string, kind: MediaKind, rtpParameters: WireRtpParameters, requested?: TrackSource) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    const source = sourceOfProduced(kind, requested);
    site.limits.checkProducer([...site.producers.values()].map((p) => p.source), source);
    if (source === 'presentation') checkPresenter(siteId, this.inProgram(siteId, site.role), this.programTracks());
    // Made as the stage wants it: most sites are outside the program and their node never forwards.
    const forwarding = this.forwards(site, source);
    const { producerId } = await this.fleet.get(site.nodeId).call('produce', { transportId, kind, rtpParameters, paused: !forwarding });
    site.producers.set(producerId, { kind, source, forwarding });
    this.touchSite(siteId);
    // A site outside the program and previews has nothing more to set up (and its stage did not change).
    if (forwarding || this.inProgram(siteId, site.role)) await this.syncSite(site);
    if (source === 'camera') this.previews.siteReady(siteId);
    return producerId;
  }

  /**
   * A site stops sending one of its tracks (the hall stops sharing its screen): it leaves the
   * program (sites drop their consumers first), then its copies along the tree and the producer close.
   */
  async stopProducing(siteId: string, sessionId: string, producerId: string): Promise<void> {
    const site = this.presence(siteId, sessionId);
    const producer = site.producers.get(producerId);
    if (!producer) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not this site's`);
    site.producers.delete(producerId);
    this.touchSite(siteId);
    if (this.program.has(producerId)) {
      this.dropFromProgram(producerId);
      this.programChanged();
    }
    if (producer.source === 'camera') this.previews.siteGone(siteId);
    const { routerId } = await this.cascade.routerOn(site.router);
    await this.cascade.dropCopies(producerId);
    await this.fleet.get(site.nodeId).call('closeProducer', { producerId, routerId });
    // Every consumer of it, on every router, closed with the producer and its copies.
    for (const other of this.sites.values()) {
      const gone = [...other.consumers].filter(([, c]) => c.producerId === producerId).map(([consumerId]) => consumerId);
      if (!gone.length) continue;
      for (const consumerId of gone) other.consumers.delete(consumerId);
      other.limits.forget(producerId);
      this.touchSite(other.siteId);
    }
    this.logger.info({ conferenceId: this.conferenceId, siteId, producerId, source: producer.source }, 'site stopped a track');
  }

  async consume(siteId: string, sessionId: string, transportId: string, producerId: string, rtpCapabilities: WireRtpCapabilities) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    const entry = this.program.get(producerId);
    if (!entry) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not in the program`);
    await this.cascade.carry(producerId, entry.home, site.router);
    const params = await this.fleet.get(site.nodeId).call('consume', { transportId, producerId, rtpCapabilities });
    site.consumers.set(params.id, { producerId, kind: params.kind });
    // One consumer per program track: consuming it again (a retry) replaces the previous one.
    const previous = site.limits.consumed(producerId, params.id);
    this.touchSite(siteId);
    if (previous && site.consumers.delete(previous)) await this.fleet.get(site.nodeId).call('closeConsumer', { consumerId: previous })
        .catch((err: unknown) => this.logger.warn({ err, consumerId: previous }, 'could not close a replaced consumer'));
    return params;
  }

  async resumeConsumer(siteId: string, sessionId: string, consumerId: string) {
    const site = this.presence(siteId, sessionId);
    if (!site.consumers.has(consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this site's`);
    await this.fleet.get(site.nodeId).call('resumeConsumer', { consumerId });
  }

  /** A site's receive setting "audio only": its node stops (or restarts) forwarding the consumer. */
  async setConsumerPaused(siteId: string, sessionId: string, consumerId: string, paused: boolean) {
    const node = this.siteConsumerNode(siteId, sessionId, consumerId);
    await node.call(paused ? 'pauseConsumer' : 'resumeConsumer', { consumerId });
  }

  /** A site's receive setting "low bandwidth": a lower simulcast layer of one of its consumers. */
  async setPreferredLayers(siteId: string, sessionId: string, consumerId: string, layers: PreferredLayers) {
    await this.siteConsumerNode(siteId, sessionId, consumerId).call('setConsumerPreferredLayers', { consumerId, ...layers });
  }

  /** The operator gives the floor to a site (null, or the hall itself: takes it back). */
  async giveFloor(site: SiteLabel | null): Promise<Stage> {
    const holder = site && site.siteId !== this.plan.originSiteId ? site : null;
    const previous = this.stage.giveFloor(holder);
    for (const siteId of new Set([previous, holder?.siteId])) {
      const present = siteId ? this.sites.get(siteId) : undefined;
      if (present) await this.syncSite(present);
    }
    this.logger.info({ conferenceId: this.conferenceId, floor: holder?.siteId ?? null, previous }, 'floor changed');
    return this.stageChanged();
  }

  async setMuted(siteId: string, muted: boolean): Promise<Stage> {
    if (this.stage.setMuted(siteId, muted)) {
      const present = this.sites.get(siteId);
      if (present) await this.syncSite(present);
    }
    return this.stageChanged();
  }

  /** A site asks to speak or withdraws; the answer is its own stage state. */
  raiseHand(siteId: string, sessionId: string, raised: boolean): SiteStageState {
    const site = this.presence(siteId, sessionId);
    if (this.stage.setHand(site, raised)) this.stageChanged();
    return this.siteState(siteId, site.role);
  }

  /** Sends a notice to the given sites (null: all); returns it and how many of them are present now. */
  sendNotice(text: string, from: string, siteIds: readonly string[] | null): { notice: Notice; recipients: number } {
    const notice = this.stage.addNotice(text, from, siteIds);
    this.emit('stageChanged', this.stage.view());
    if (!siteIds) {
      this.output.toAll('notice', notice);
      return { notice, recipients: this.sites.size };
    }
    let recipients = 0;
    for (const siteId of new Set(siteIds)) {
      const site = this.sites.get(siteId);
      if (!site) continue;
      this.output.toSession(site.sessionId, 'notice', notice);
      recipients += 1;
    }
    return { notice, recipients };
  }

  stageView(): Stage {
    return { ...this.stage.view(), presentation: presenterOf(this.programTracks()) };
  }

  /** A console's receiver for thumbnails, placed for its operator's unit; answers the router's codecs. */
  openPreviews(viewerId: string, ancestry: readonly string[]) {
    return this.previews.open(viewerId, ancestry, this.output.toViewer(viewerId));
  }

  createPreviewTransport(viewerId: string, rtpCapabilities: WireRtpCapabilities) {
    return this.previews.createTransport(viewerId, rtpCapabilities);
  }

  connectPreviewTransport(viewerId: string, dtlsParameters: WireDtlsParameters) {
    return this.previews.connectTransport(viewerId, dtlsParameters);
  }

  /** The sites a console shows now (already checked against its scope). */
  wantPreviews(viewerId: string, siteIds: readonly string[]): void {
    this.previews.want(viewerId, siteIds);
  }

  resumePreview(viewerId: string, consumerId: string) {
    return this.previews.resume(viewerId, consumerId);
  }

  closePreviews(viewerId: string) {
    return this.previews.close(viewerId);
  }

  /** Whether a console's previews are open here (a console may reach a replica whose room moved). */
  hasViewer(viewerId: string): boolean {
    return this.previews.has(viewerId);
  }

  /** The site's session ended: its transports close on its node, its tracks leave the program. */
  async leave(siteId: string, sessionId: string): Promise<void> {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) return;
    this.detached.settle(siteId);
    this.sites.delete(siteId);
    this.touchSite(siteId);
    const left = [...this.program.values()].filter((e) => e.track.siteId === siteId);
    for (const e of left) this.dropFromProgram(e.track.producerId);
    if (left.length) this.programChanged();
    this.previews.siteGone(siteId);
    const node = this.fleet.has(site.nodeId) ? this.fleet.get(site.nodeId) : undefined;
    // Every copy goes, the program's and the thumbnails'.
    await Promise.allSettled([
      ...[...site.transports].map((transportId) => node?.call('closeTransport', { transportId })),
      ...[...site.producers.keys()].map((producerId) => this.cascade.dropCopies(producerId)),
    ]);
    this.planChanged(leaveSite(this.plan, siteId));
    this.logger.info({ conferenceId: this.conferenceId, siteId }, 'site left');
  }

  /** A node is gone: re-plan around it; returns the sessions that must rejoin. */
  nodeLost(nodeId: string): string[] {
    return this.routersLost((r) => r.nodeId === nodeId, `node ${nodeId} lost`);
  }

  /** One worker of a node came back empty: the same, for its routers only. */
  workerLost(nodeId: string, workerIndex: number): string[] {
    return this.routersLost((r) => r.nodeId === nodeId && r.workerIndex === workerIndex, `worker ${nodeId}/${workerIndex} restarted`);
  }

  /**
   * The planner re-places the sites of the lost routers and rehangs their orphaned subtrees. Media
   * is rebuilt through every router whose upstream changed: its old pipe copies are dead, and a
   * router cannot hold two producers with one id, so those routers are discarded and their sites
   * (moved or not) rejoin; the plan already says where they go.
   */
  private routersLost(isLost: (r: RouterState) => boolean, why: string): string[] {
    const lostKeys = [...this.plan.routers.values()].filter(isLost).map((r) => r.key);
    if (!lostKeys.length) return [];
    const diff = loseRouters(this.plan, isLost, fleetInput(this.fleet.list(), this.plan, this.config), this.config);
    this.planChanged(diff);
    const rebuilt = new Set<RouterKey>(lostKeys);
    for (const { child } of diff.pipesAdded)
      if (this.plan.routers.has(child) && !diff.routersAdded.some((r) => r.key === child))
        for (const k of this.plan.subtree(child)) rebuilt.add(k);
    for (const r of diff.routersRemoved) rebuilt.add(r.key);
    void this.cascade.discard(rebuilt);

    this.previews.routersLost(rebuilt);
    const lost = [...this.sites.values()].filter((s) => rebuilt.has(s.router));
    for (const s of lost) {
      this.sites.delete(s.siteId);
      this.touchSite(s.siteId);
      this.rejoining.set(s.siteId, Date.now());
      this.previews.siteGone(s.siteId);
    }
    const gone = [...this.program.values()].filter((e) => rebuilt.has(e.home));
    for (const e of gone) this.dropFromProgram(e.track.producerId);
    if (gone.length) this.programChanged();
    this.logger.warn(
      { conferenceId: this.conferenceId, moved: diff.moved.length, rejoining: lost.length, unplaced: diff.unplaced.length },
      `${why}: sites re-placed`,
    );
    return lost.map((s) => s.sessionId);
  }

  /** Where each present site is served, and what it consumes (for the console and diagnostics). */
  snapshot() {
    return [...this.sites.values()].map((s) => ({
      siteId: s.siteId,
      nodeId: s.nodeId,
      router: s.router,
      delegates: s.delegates ?? null,
      consumers: [...s.consumers].map(([consumerId, c]) => ({ consumerId, ...c })),
    }));
  }

  /** The mediasoup router id behind a plan's router key (a node may hold several of this conference). */
  async routerIdOf(key: RouterKey): Promise<string> {
    return (await this.cascade.routerOn(key)).routerId;
  }

  /** Sites present now (consoles' previews are not sites). */
  get presentSites(): number {
    return this.sites.size;
  }

  /** No site present, and none of those told to rejoin is still expected (their plan would be lost). */
  get isEmpty(): boolean {
    const expected = Date.now() - rejoinGraceMs;
    for (const [siteId, since] of this.rejoining) if (since < expected) this.rejoining.delete(siteId);
    return this.sites.size === 0 && this.rejoining.size === 0 && this.previews.size === 0;
  }

  close(): Promise<void> {
    this.detached.clear();
    return this.cascade.close();
  }

  /**
   * Starts carrying the speaker's picture to a joining site's router as soon as the router is
   * known, while the browser loads its Device and asks for its media (openMedia awaits the same
   * carry). A new pipe copy asks the hall for a keyframe at once, and the hall's producer holds
   * further requests for KEYFRAME_REQUEST_DELAY_MS: the sooner that first request goes, the less
   * of the window is left when the site's own consumer asks (bench:join). Only the camera the
   * site will show (the last one not its own): the picture is what waits for a keyframe.
   */
  private carryShownCameraEarly(siteId: string, to: RouterKey): void {
    const shown = cameraTracks(this.programTracks())
      .filter((t) => t.siteId !== siteId)
      .at(-1);
    const entry = shown && this.program.get(shown.producerId);
    if (!shown || !entry) return;
    this.cascade.carry(shown.producerId, entry.home, to).catch((err: unknown) => this.logger.warn({ err, producerId: shown.producerId }, 'could not carry the program early (openMedia retries)'));
  }

  private planChanged(diff: PlanDiff): void {
    if (diff.routersRemoved.length) void this.cascade.discard(diff.routersRemoved.map((r) => r.key));
    this.onPlanChanged(this.plan);
  }

  /**
   * The program, the hall's tracks first and the floor holder's after them, whatever order they
   * were produced in (after a restart the floor site may rejoin before the hall): sites show the
   * last video of this list.
   */
  programTracks(): ProgramTrack[] {
    const tracks = [...this.program.values()].map((e) => e.track);
    const hall = (t: ProgramTrack) => (t.siteId === this.plan.originSiteId ? 0 : 1);
    return tracks.sort((a, b) => hall(a) - hall(b));
  }

  /** The origin router, where program taps (the recorder) attach; null before anyone was placed. */
  async originRouter(): Promise<{ key: RouterKey; nodeId: string; routerId: string } | null> {
    const key = this.plan.root;
    if (!key) return null;
    const { nodeId, routerId } = await this.cascade.routerOn(key);
    return { key, nodeId, routerId };
  }

  /** Makes a program track consumable on router `to` (carried hop by hop from where it is produced). */
  async bringProgramTrackTo(producerId: string, to: RouterKey): Promise<void> {
    const entry = this.program.get(producerId);
    if (!entry) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not in the program`);
    await this.cascade.carry(producerId, entry.home, to);
  }

  private programChanged(): void {
    const program = this.programTracks();
    this.output.toAll('programChanged', { program });
    this.emit('programChanged', program);
  }

  private stageChanged(): Stage {
    for (const site of this.sites.values()) this.output.toSession(site.sessionId, 'stageChanged', this.siteState(site.siteId, site.role));
    this.emit('stageChanged', this.stage.view());
    return this.stageView();
  }

  /**
   * Whether the site's node should forward a track of `source` now: the microphone while in the
   * program and not muted, the camera while in the program or previewed, a presentation while in the program.
   */
  private forwards(site: Presence, source: TrackSource): boolean {
    const inProgram = this.inProgram(site.siteId, site.role);
    if (source === 'microphone') return inProgram && !this.stage.isMuted(site.siteId);
    return source === 'camera' ? inProgram || this.previews.watches(site.siteId) : inProgram;
  }

  private inProgram(siteId: string, role: SiteRole): boolean {
    return role === 'hall' || this.stage.floorSiteId === siteId;
  }

  private siteState(siteId: string, role: SiteRole): SiteStageState {
    return {
      handRaised: this.stage.handRaised(siteId),
      onFloor: this.stage.floorSiteId === siteId,
      muted: this.stage.isMuted(siteId),
      sending: this.inProgram(siteId, role),
      previewed: this.previews.watches(siteId),
    };
  }

  /**
   * Brings a present site's media in line with the stage. Entering the program, its producers are
   * resumed before anyone consumes them; leaving it, the sites drop their consumers first, then the
   * copies along the tree close, then its node stops forwarding. A muted site's microphone stays
   * in the program, paused at its node, so unmuting needs no one to consume anew.
   */
  private async syncSite(site: Presence): Promise<void> {
    const inProgram = this.inProgram(site.siteId, site.role);
    const previewed = this.previews.watches(site.siteId);
    const forwards = (source: TrackSource) => this.forwards(site, source);
    const node = this.fleet.get(site.nodeId);
    const { routerId } = await this.cascade.routerOn(site.router);
    const setForwarding = async (producerId: string, forwarding: boolean) => {
      const producer = site.producers.get(producerId);
      if (!producer || producer.forwarding === forwarding) return;
      producer.forwarding = forwarding;
      this.touchSite(site.siteId);
      await node.call(forwarding ? 'resumeProducer' : 'pauseProducer', { producerId, routerId });
    };
    const added: string[] = [];
    const removed: string[] = [];
    // A floor holder's paused presentation does not come back over another site's.
    const otherPresenter = presenterOf(this.programTracks())?.siteId !== site.siteId && presenterOf(this.programTracks()) !== null;
    for (const [producerId, { source }] of site.producers) {
      if (forwards(source)) await setForwarding(producerId, true);
      if (source === 'presentation' && otherPresenter) continue;
      if (inProgram && !this.program.has(producerId)) added.push(producerId);
      if (!inProgram && this.program.has(producerId)) removed.push(producerId);
    }
    for (const producerId of added) {
      const { kind, source } = site.producers.get(producerId)!;
      this.program.set(producerId, {
        track: { producerId, kind, source, siteId: site.siteId, siteName: site.siteName, unitName: site.unitName },
        home: site.router,
      });
      this.journal.touch(presenceFields.program + producerId);
    }
    for (const producerId of removed) this.dropFromProgram(producerId);
    if (added.length || removed.length) this.programChanged();
    // A floor holder's tracks go up to the origin at once: the recorder and every branch take them there.
    const origin = this.plan.root;
    if (origin && site.role !== 'hall')
      for (const producerId of added)
        void this.cascade.carry(producerId, site.router, origin).catch((err: unknown) => this.logger.warn({ err, producerId }, 'could not carry the floor to the origin'));
    // A camera some console previews keeps its copies: the thumbnails go on through them.
    const stillCarried = (producerId: string) => previewed && site.producers.get(producerId)?.source === 'camera';
    await Promise.allSettled(removed.filter((id) => !stillCarried(id)).map((producerId) => this.cascade.dropCopies(producerId)));
    for (const [producerId, { source }] of site.producers) {
      if (!forwards(source)) await setForwarding(producerId, false);
    }
    this.output.toSession(site.sessionId, 'stageChanged', this.siteState(site.siteId, site.role));
  }

  /**
   * From now on the room's media objects, present sites and program are recorded through
   * `journal`, so that a successor owner can adopt them.
   */
  recordTo(journal: RoomMediaJournal): void {
    this.journal = journal;
    this.cascade.journal = journal;
  }

  /** A recorded field's current value (null when it is gone). */
  read(field: string): unknown {
    if (field.startsWith(presenceFields.site)) {
      const site = this.sites.get(field.slice(presenceFields.site.length));
      return site ? presenceRecord(site) : null;
    }
    if (field.startsWith(presenceFields.program)) return this.program.get(field.slice(presenceFields.program.length)) ?? null;
    return this.cascade.read(field);
  }

  /**
   * Takes the room over from a previous owner without touching its media: its routers, pipes and
   * copies, its present sites (same sessions, transports, producers, consumers) and its program.
   * Routers the nodes no longer have are re-planned as a node loss is; answers the sessions that
   * must rejoin because of that.
   */
  async adopt(stored: ReadonlyMap<string, unknown>): Promise<string[]> {
    // Right after a control-plane restart the plan's nodes may not have dialled back yet: a router
    // is judged lost only once its node had the start-up grace to return (no wait on a replica
    // long up, which took over from a dead owner).
    const nodes = new Set([...this.plan.routers.values()].map((r) => r.nodeId));
    await Promise.all([...nodes].map((nodeId) => this.fleet.awaitStartup(nodeId)));
    const lost = new Set(await this.cascade.adopt(stored));
    for (const [field, raw] of stored) {
      if (!field.startsWith(presenceFields.site)) continue;
      const site = restorePresence(raw);
      if (site && this.plan.sites.get(site.siteId)?.router === site.router) this.sites.set(site.siteId, site);
    }
    // The program after the sites: an entry counts only while its site is present.
    for (const [field, raw] of stored) {
      if (!field.startsWith(presenceFields.program)) continue;
      const entry = restoreProgramEntry(raw);
      if (entry && this.sites.has(entry.track.siteId)) this.program.set(entry.track.producerId, entry);
    }
    await this.closeFormerViewers(lost);
    this.logger.info({ conferenceId: this.conferenceId, sites: this.sites.size, program: this.program.size, lostRouters: lost.size }, 'room adopted from its previous owner');
    return lost.size ? this.routersLost((r) => lost.has(r.key), 'routers gone while the room changed owner') : [];
  }

  /** Closes the previous owner's console receivers on the routers adopted (a lost router took its own). */
  private async closeFormerViewers(lost: ReadonlySet<RouterKey>): Promise<void> {
    const byRouter = new Map<RouterKey, string[]>();
    for (const { viewerId, router } of this.formerViewers.splice(0)) {
      if (!lost.has(router) && this.plan.routers.has(router)) byRouter.set(router, [...(byRouter.get(router) ?? []), viewerId]);
    }
    await Promise.all(
      [...byRouter].map(async ([key, peerIds]) => {
        const { nodeId, routerId } = await this.cascade.routerOn(key);
        await this.fleet.get(nodeId).call('closePeerTransports', { routerId, peerIds });
      }).map((closing) => closing.catch((err: unknown) => this.logger.warn({ err }, 'could not close a previous owner\'s console receivers'))),
    );
  }

  /** Present sessions (for a successor owner to check which of them still have a socket). */
  sessions(): { siteId: string; sessionId: string }[] {
    return [...this.sites.values()].map((s) => ({ siteId: s.siteId, sessionId: s.sessionId }));
  }

  private touchSite(siteId: string): void {
    this.journal.touch(presenceFields.site + siteId);
  }

  private dropFromProgram(producerId: string): void {
    if (this.program.delete(producerId)) this.journal.touch(presenceFields.program + producerId);
  }

  private presence(siteId: string, sessionId: string): Presence {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) throw new LienthongError('NOT_JOINED');
    return site;
  }

  private siteConsumerNode(siteId: string, sessionId: string, consumerId: string) {
    const site = this.presence(siteId, sessionId);
    if (!site.consumers.has(consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this site's`);
    return this.fleet.get(site.nodeId);
  }

  private ownTransport(site: Presence, transportId: string): void {
    if (!site.transports.has(transportId)) throw new LienthongError('NOT_FOUND', `transport ${transportId} is not this site's`);
  }
}
