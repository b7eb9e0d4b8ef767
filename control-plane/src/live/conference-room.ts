import {
  cameraTracks,
  LienthongError,
  receivedTracks,
  type ConsumerStart,
  type JoinMedia,
  type OpenedMedia,
  type MediaKind,
  type PreferredLayers,
  type ProgramTrack,
  type SiteEvent,
  type SiteEventName,
  type SiteInUseDetails,
  type SiteLabel,
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
import { CascadePlan } from '../planner/plan.js';
import { joinSite, leaveSite } from '../planner/planner.js';
import { Cascade } from './cascade.js';
import { fleetInput } from './fleet-input.js';
import { RoomPreviews, type PreviewOutput } from './room-previews.js';
import type { RoomMediaJournal } from './ownership/room-media-store.js';
import type { ProducedTrack, ProducedTracks } from './site-media.js';
import { presenceFields, presenceRecord, type Presence, type SiteIdentity } from './presence-record.js';
import { previewRoom } from './preview-room.js';
import { ProgramSync } from './program-sync.js';
import { RoomRecovery } from './room-recovery.js';
import { RoomState } from './room-state.js';
import { SessionLimits, type TransportDirection } from './session-limits.js';
import { DetachedSessions } from './detached-sessions.js';
import { SiteMedia } from './site-media.js';
import { StageState, type StageView } from './stage.js';

export { rejoinGraceMs } from './room-state.js';

/** The conference's origin: the hall's site, and its unit's ancestry (where the origin router belongs). */
export interface ConferenceOrigin {
  siteId: string;
  ancestry: string[];
}

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
  /** The sessions held in the conference now, on any replica, with their sites (null: a replica that did not say). */
  connectedSessions(): Promise<Map<string, string | null>>;
  /** Ends these sessions wherever their sockets are: they rejoin, spread over a window fit for their number. */
  endSessions(sessionIds: readonly string[], reason: 'room-moved'): void;
}

interface RoomEvents {
  /** The program's tracks changed (a track came or went, the floor moved): taps such as the recorder follow it. */
  programChanged: [ProgramTrack[]];
  /** Floor, hands or mutes changed (the stage is stored on it). */
  stageChanged: [StageView];
  /** A detached session was not resumed in time and left: the room may be empty now. */
  detachedLeft: [];
}

/**
 * One live conference on this control-plane replica: sites come and go here (placed by the plan,
 * their sessions detached and resumed), and every operation the room answers is here, carried out
 * by the part whose job it is: a site's media operations (`site-media.ts`), the program and stage
 * (`program-sync.ts`), recovery from failures and owner changes (`room-recovery.ts`), the
 * consoles' thumbnails (`room-previews.ts`). Who is present and what the program holds is kept
 * once, in `room-state.ts`. Where each site goes and which routers feed which is the planner's
 * decision (the plan); the media is the SFU nodes'; the plumbing between routers is the Cascade's.
 */
export class ConferenceRoom extends EventEmitter<RoomEvents> {
  private readonly state: RoomState;
  /** Sessions whose socket dropped, waiting to be resumed on a new one. */
  private readonly detached = new DetachedSessions();
  private readonly stage: StageState;
  readonly plan: CascadePlan;
  private readonly cascade: Cascade;
  private readonly sync: ProgramSync;
  private readonly media: SiteMedia;
  private readonly recovery: RoomRecovery;
  /** Sites whose previous owner's media is being closed (`closeUnrecordedMedia`). */
  private readonly closingUnrecorded = new Map<string, Promise<void>>();
  /** The consoles' thumbnails of this conference's sites. */
  readonly previews: RoomPreviews;

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
    this.state = new RoomState(this.plan.originSiteId);
    this.cascade = new Cascade(conferenceId, fleet, this.plan, logger);
    const parts = { conferenceId, logger, plan: this.plan, config, fleet, cascade: this.cascade, state: this.state };
    // The previews are made after the sync they ask, but the sync asks them who watches: late-bound.
    this.sync = new ProgramSync({
      ...parts,
      stage: this.stage,
      output,
      listeners: { programChanged: (program) => this.emit('programChanged', program), stageChanged: (view) => this.emit('stageChanged', view) },
      previewed: (siteId) => this.previews.watches(siteId),
    });
    this.previews = new RoomPreviews(previewRoom({ ...parts, sync: this.sync, planChanged: (diff) => this.planChanged(diff) }));
    this.media = new SiteMedia({ ...parts, sync: this.sync, previews: this.previews });
    this.recovery = new RoomRecovery({ ...parts, sync: this.sync, previews: this.previews, planChanged: (diff) => this.planChanged(diff) });
    for (const viewerId of this.recovery.dropFormerViewers()) output.toViewer(viewerId).lost();
  }

  /**
   * Places the site (node and worker) by the plan and readies its router; a previous session of
   * the site is replaced. A previous session still connected (on any replica) from another PC is
   * replaced only when the joiner confirmed it (`takeover`), else SITE_IN_USE says since when.
   * `media`: the browser loaded its Device already; its media opens in this same operation (see
   * `openJoinMedia`). An owner of the version before ignores it and the browser asks separately.
   */
  async admit(
    identity: SiteIdentity,
    sessionId: string,
    joiner: { device: string | null; takeover: boolean } = { device: null, takeover: true },
    media?: JoinMedia,
  ) {
    await this.closingUnrecorded.get(identity.siteId);
    const previous = this.state.sites.get(identity.siteId);
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
    this.state.rejoining.delete(identity.siteId);
    this.state.sites.set(identity.siteId, {
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
    this.state.touchSite(identity.siteId);
    this.logger.info({ conferenceId: this.conferenceId, siteId: identity.siteId, router: key }, 'site placed');
    const opened = media && (await this.openJoinMedia(identity, sessionId, router.nodeId, media));
    return {
      nodeId: router.nodeId,
      routerRtpCapabilities: router.rtpCapabilities,
      program: this.programTracks(),
      stage: this.sync.siteState(identity.siteId, identity.role),
      notices: this.stage.noticesFor(identity.siteId),
      replaced: previous?.sessionId,
      takenOver,
      ...(opened && { media: opened }),
    };
  }

  /**
   * A join's media with the join (one site request and, for a site on another replica, one relay
   * fewer): both transports and what the site receives of the program, as `openMedia` makes them.
   * Only when the browser loaded what the node's routers offer (the tags match); otherwise, or when
   * it fails, the join still stands and the browser opens its media with `openMedia`.
   */
  private async openJoinMedia(identity: SiteIdentity, sessionId: string, nodeId: string, media: JoinMedia): Promise<OpenedMedia | undefined> {
    if (!this.fleet.has(nodeId) || this.fleet.get(nodeId).routerCapabilities?.tag !== media.capabilitiesTag) return undefined;
    const viewer = { siteId: identity.siteId, seesOwnVideo: identity.role === 'hall' };
    const consume = receivedTracks(this.programTracks(), viewer).map((t) => t.producerId);
    const { rtpCapabilities, send, startKbps, ready } = media;
    try {
      return await this.media.openMedia(identity.siteId, sessionId, { rtpCapabilities, send, consume, startKbps: startKbps ?? null, ...(ready && { ready }) });
    } catch (err) {
      this.logger.warn({ err, siteId: identity.siteId }, 'could not open a join\'s media with it (its browser asks again)');
      return undefined;
    }
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
    if (this.state.sites.get(siteId)?.sessionId !== sessionId) return;
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
    const site = this.state.sites.get(siteId);
    if (!site || site.sessionId !== previousSessionId) throw new LienthongError('NOT_JOINED', 'That session is gone: join again');
    this.detached.settle(siteId);
    site.sessionId = sessionId;
    this.state.touchSite(siteId);
    const router = await this.cascade.routerOn(site.router);
    this.logger.info({ conferenceId: this.conferenceId, siteId }, 'session resumed on a new socket');
    return {
      nodeId: site.nodeId,
      routerRtpCapabilities: router.rtpCapabilities,
      program: this.programTracks(),
      stage: this.sync.siteState(siteId, site.role),
      notices: this.stage.noticesFor(siteId),
    };
  }

  /** The site's session ended: its transports close on its node, its tracks leave the program. */
  async leave(siteId: string, sessionId: string): Promise<void> {
    const { state } = this;
    const site = state.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) return;
    this.detached.settle(siteId);
    state.sites.delete(siteId);
    state.touchSite(siteId);
    const left = [...state.program.values()].filter((e) => e.track.siteId === siteId);
    for (const e of left) state.dropFromProgram(e.track.producerId);
    if (left.length) this.sync.programChanged();
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

  // A site's media operations, checked against what its session owns (site-media.ts).
  createTransport(siteId: string, sessionId: string, direction: TransportDirection = 'send') {
    return this.media.createTransport(siteId, sessionId, direction);
  }
  openMedia(...args: Parameters<SiteMedia['openMedia']>) {
    return this.media.openMedia(...args);
  }
  startConsumers(siteId: string, sessionId: string, consumers: readonly ConsumerStart[]) {
    return this.media.startConsumers(siteId, sessionId, consumers);
  }
  createPlainTransport(siteId: string, sessionId: string, comedia: boolean) {
    return this.media.createPlainTransport(siteId, sessionId, comedia);
  }
  connectPlainTransport(siteId: string, sessionId: string, transportId: string, remote: TransportTuple) {
    return this.media.connectPlainTransport(siteId, sessionId, transportId, remote);
  }
  restartIce(siteId: string, sessionId: string, transportId: string) {
    return this.media.restartIce(siteId, sessionId, transportId);
  }
  connectTransport(siteId: string, sessionId: string, transportId: string, dtlsParameters: WireDtlsParameters) {
    return this.media.connectTransport(siteId, sessionId, transportId, dtlsParameters);
  }
  produce(siteId: string, sessionId: string, transportId: string, kind: MediaKind, rtpParameters: WireRtpParameters, requested?: TrackSource) {
    return this.media.produce(siteId, sessionId, { transportId, kind, rtpParameters, source: requested });
  }

  /**
   * `produce` with the send transport's DTLS parameters along (its first track): a name of its
   * own, so that an owner of the version before, which would drop an argument it does not know
   * and leave the transport unconnected, refuses it instead (the page retries its join).
   */
  produceTrack(siteId: string, sessionId: string, track: ProducedTrack) {
    return this.media.produce(siteId, sessionId, track);
  }
  produceTracks(siteId: string, sessionId: string, tracks: ProducedTracks) {
    return this.media.produceTracks(siteId, sessionId, tracks);
  }
  stopProducing(siteId: string, sessionId: string, producerId: string) {
    return this.media.stopProducing(siteId, sessionId, producerId);
  }
  consume(siteId: string, sessionId: string, transportId: string, producerId: string, rtpCapabilities: WireRtpCapabilities) {
    return this.media.consume(siteId, sessionId, transportId, producerId, rtpCapabilities);
  }
  resumeConsumer(siteId: string, sessionId: string, consumerId: string) {
    return this.media.resumeConsumer(siteId, sessionId, consumerId);
  }
  setConsumerPaused(siteId: string, sessionId: string, consumerId: string, paused: boolean) {
    return this.media.setConsumerPaused(siteId, sessionId, consumerId, paused);
  }
  setPreferredLayers(siteId: string, sessionId: string, consumerId: string, layers: PreferredLayers) {
    return this.media.setPreferredLayers(siteId, sessionId, consumerId, layers);
  }

  // The stage (program-sync.ts).
  /** The operator gives the floor to a site (null, or the hall itself: takes it back). */
  giveFloor(site: SiteLabel | null) {
    return this.sync.giveFloor(site);
  }
  setMuted(siteId: string, muted: boolean) {
    return this.sync.setMuted(siteId, muted);
  }
  /** A site asks to speak or withdraws; the answer is its own stage state. */
  raiseHand(siteId: string, sessionId: string, raised: boolean) {
    return this.sync.raiseHand(this.state.presence(siteId, sessionId), raised);
  }
  /** Sends a notice to the given sites (null: all); returns it and how many of them are present now. */
  sendNotice(text: string, from: string, siteIds: readonly string[] | null) {
    return this.sync.sendNotice(text, from, siteIds);
  }
  stageView() {
    return this.sync.stageView();
  }

  // The consoles' thumbnails (room-previews.ts).
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

  // Failures and owner changes (room-recovery.ts).
  /** A node is gone: re-plan around it; returns the sessions that must rejoin. */
  nodeLost(nodeId: string): string[] {
    return this.recovery.routersLost((r) => r.nodeId === nodeId, `node ${nodeId} lost`);
  }
  /** One worker of a node came back empty: the same, for its routers only. */
  workerLost(nodeId: string, workerIndex: number): string[] {
    return this.recovery.routersLost((r) => r.nodeId === nodeId && r.workerIndex === workerIndex, `worker ${nodeId}/${workerIndex} restarted`);
  }
  /**
   * Takes the room over from a previous owner without touching its media; answers the sessions
   * that must rejoin because their routers are gone.
   */
  adopt(stored: ReadonlyMap<string, unknown>): Promise<string[]> {
    return this.recovery.adopt(stored);
  }
  /**
   * Closes what a previous owner made for sites it had not recorded before they are told to
   * rejoin; a join of theirs meanwhile waits, so the closing never meets their new media.
   */
  async closeUnrecordedMedia(siteIds: readonly string[]): Promise<void> {
    const closing = this.recovery.closeUnrecordedMedia(siteIds);
    for (const siteId of siteIds) this.closingUnrecorded.set(siteId, closing);
    try {
      await closing;
    } finally {
      for (const siteId of siteIds) if (this.closingUnrecorded.get(siteId) === closing) this.closingUnrecorded.delete(siteId);
    }
  }

  /** Where each present site is served, and what it consumes (for the console and diagnostics). */
  snapshot() {
    return [...this.state.sites.values()].map((s) => ({
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
    return this.state.sites.size;
  }

  /** No site present, and none of those told to rejoin is still expected (their plan would be lost). */
  get isEmpty(): boolean {
    return this.state.noRejoinExpected() && this.state.sites.size === 0 && this.previews.size === 0;
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
    const entry = shown && this.state.program.get(shown.producerId);
    if (!shown || !entry) return;
    this.cascade.carry(shown.producerId, entry.home, to).catch((err: unknown) => this.logger.warn({ err, producerId: shown.producerId }, 'could not carry the program early (openMedia retries)'));
  }

  private planChanged(diff: PlanDiff): void {
    if (diff.routersRemoved.length) void this.cascade.discard(diff.routersRemoved.map((r) => r.key));
    this.onPlanChanged(this.plan);
  }

  /** The program, the hall's tracks first and the floor holder's after them. */
  programTracks(): ProgramTrack[] {
    return this.state.programTracks();
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
    const entry = this.state.program.get(producerId);
    if (!entry) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not in the program`);
    await this.cascade.carry(producerId, entry.home, to);
  }

  /**
   * From now on the room's media objects, present sites and program are recorded through
   * `journal`, so that a successor owner can adopt them.
   */
  recordTo(journal: RoomMediaJournal): void {
    this.state.journal = journal;
    this.cascade.journal = journal;
  }

  /** A recorded field's current value (null when it is gone). */
  read(field: string): unknown {
    if (field.startsWith(presenceFields.site)) {
      const site = this.state.sites.get(field.slice(presenceFields.site.length));
      return site ? presenceRecord(site) : null;
    }
    if (field.startsWith(presenceFields.program)) return this.state.program.get(field.slice(presenceFields.program.length)) ?? null;
    return this.cascade.read(field);
  }

  /** Present sessions (for a successor owner to check which of them still have a socket). */
  sessions(): { siteId: string; sessionId: string }[] {
    return [...this.state.sites.values()].map((s) => ({ siteId: s.siteId, sessionId: s.sessionId }));
  }
}
