import {
  busyDetailsSchema,
  type JoinMedia,
  type LinkProfile,
  type Notice,
  type ProgramTrack,
  type RouterCapabilities,
  type SessionEndReason,
  type SiteDocument,
  type SiteRole,
  type SiteSocketAuth,
  type SiteStageState,
  type SiteWelcome,
} from '@lienthong/contracts';
import type { types } from 'mediasoup-client';
import { Failure, toFailure } from '../shared/failure';
import { captureLocalMedia, defaultDevices, type DeviceChoice } from './capture';
import { loadPreferences, savePreferences } from './devices/preferences';
import { deviceId } from './device-id';
import { pageDtlsIdentity, type DtlsIdentity } from './dtls-identity';
import { HealthReporter } from './health-reporter';
import { MediaSession, MediaSessionClosed, type ProgramMedia } from './media-session';
import { captureScreen } from './screen-share';
import { noQuality, type Quality } from './quality';
import { adapterFor, type LinkSample } from './receive/adapter';
import { gentleStart } from './receive/gentle-start';
import { LinkMonitor } from './receive/link-monitor';
import { loadLastLink, saveLastLink } from './receive/link-memory';
import { effectiveLevel, type ReceiveLevel, type ReceiveSwitches } from './receive/receive-level';
import { retryPlan } from './retry-policy';
import { sendKinds } from './send-policy';
import { initialSiteState, nextSiteState, type SiteEvent, type SiteState } from './session-state';
import { SiteVotes } from '../votes/site-votes';
import { SiteOpinions } from '../opinions/site-opinions';
import { SiteSignaling } from './signaling';
import { emptyInbound, emptyOutbound, type InboundStats, type OutboundStats, type SentLayer } from './stats';
import { TabGuard } from './tab-guard';
import { markJoinStep } from './join-marks';

/** Everything the site page shows; a new object on every change (for useSyncExternalStore). */
export interface SiteSnapshot {
  state: SiteState;
  conference: SiteWelcome['conference'] | null;
  site: SiteWelcome['site'] | null;
  role: SiteRole | null;
  /** The conference's agenda and public documents (with their QR links), for the hall's delegates. */
  agenda: string | null;
  documents: readonly SiteDocument[];
  /** The operator clicked "join" on the device check: from then on every (re)connection joins. */
  joinRequested: boolean;
  devices: DeviceChoice;
  delegates: number | null;
  quality: Quality;
  /** The manual switches, the adaptation's level, and what the node is asked to forward. */
  receive: { switches: ReceiveSwitches; adapted: ReceiveLevel; level: ReceiveLevel };
  program: readonly ProgramTrack[];
  media: ProgramMedia;
  /** Camera and microphone are actually being sent to the program (the hall, or this site on the floor). */
  sending: boolean;
  /** Only the camera is being sent, for an operator's thumbnail. */
  previewed: boolean;
  /** Hand, floor, mute as the server keeps them (restored after a rejoin); null before joining. */
  stage: SiteStageState | null;
  /** The operator's notices, oldest first. */
  notices: readonly Notice[];
  /** Why this site cannot send if given the floor (no camera or microphone), or null. */
  sendProblem: Failure | null;
  /** This site shares a screen as the program's presentation (the hall, or the floor holder). */
  presenting: boolean;
  /** Why the last "share screen" failed (picker cancelled, another site presenting), or null. */
  presentProblem: Failure | null;
  transports: Partial<Record<'send' | 'recv', types.ConnectionState>>;
  failure: Failure | null;
  /** Set while a retry is pending: which consecutive attempt, and when (epoch ms) if we time it. */
  retry: { attempt: number; at: number | null } | null;
  /** The control plane's link dropped while the media goes on: the session is being resumed. */
  resuming: boolean;
}

const noMedia: ProgramMedia = { video: null, presentation: null, audio: [] };

/** The switches this PC last used; the adaptation starts afresh. */
function initialReceive(): SiteSnapshot['receive'] {
  const { switches } = loadPreferences();
  return { switches, adapted: 'full', level: effectiveLevel(switches, 'full') };
}

/** Link samples (2 s each) between two notes of what the link carries. */
const REMEMBER_EVERY = 15;

/** A join that lasted this long was healthy: the next failure starts the back-off afresh. */
const STABLE_MS = 60_000;

/**
 * One site endpoint's life in a conference: connect, join, set up media, receive (and for the
 * hall, send) the program, and heal after failures. Independent of React: the page subscribes.
 *
 * Every connection gets a generation number; work still running for an older generation (an
 * answer arriving after the socket dropped) finds its generation stale and stops.
 */
export class SiteSession {
  private snapshot: SiteSnapshot = {
    state: initialSiteState,
    conference: null,
    site: null,
    role: null,
    agenda: null,
    documents: [],
    joinRequested: false,
    devices: defaultDevices,
    delegates: null,
    quality: noQuality,
    receive: initialReceive(),
    program: [],
    media: noMedia,
    sending: false,
    previewed: false,
    stage: null,
    notices: [],
    sendProblem: null,
    presenting: false,
    presentProblem: null,
    transports: {},
    failure: null,
    retry: null,
    resuming: false,
  };
  private readonly listeners = new Set<() => void>();
  private readonly signaling: SiteSignaling;
  private media: MediaSession | null = null;
  private mediaReady = false;
  private localStream: MediaStream | null = null;
  /** The shared screen: kept across rejoins (shared again), stopped by "stop sharing" or the browser's own bar. */
  private screen: MediaStreamTrack | null = null;
  private readonly tabGuard: TabGuard;
  private generation = 0;
  private failures = 0;
  private joinedAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private rejoinAtOnce = false;
  /** The session this page's media belongs to (the socket id its join was made on). */
  private sessionId: string | null = null;
  /** Set while the signaling is down but the media goes on: the session to resume on reconnecting. */
  private resumeFrom: string | null = null;
  /** Sessions resumed on a new connection since the page opened. */
  private resumes = 0;
  /** Program changes pushed so far: one that arrives while a join or resume is answered is newer than its answer. */
  private programPushes = 0;
  private rejoinDelayMs = 0;
  /** The automatic adaptation (`?adaptation=legacy`: the policy before issue 19, the bench's baseline). */
  private readonly adapter = adapterFor(globalThis.location?.search ?? '');
  /** Samples since the link was last remembered for the next join's gentle start. */
  private samplesSinceRemembered = 0;
  /** A picture has moved since this join or the last level change: only then can it freeze. */
  private videoStarted = false;
  private readonly monitor = new LinkMonitor(
    () => this.inboundStats(),
    (sample) => this.onLinkSample(sample),
  );
  /** The link's health, for the operator console. */
  private readonly health = new HealthReporter(
    () => this.media,
    () => this.snapshot.receive,
    (report) => this.signaling.notify('reportHealth', report),
  );

  /** Set by the person at this PC confirming a takeover; the next join carries it, once. */
  private takeover = false;
  /** What the media nodes' routers offer, as the last hello or join said: the next join loads them first. */
  private routerCapabilities: RouterCapabilities | null = null;
  /** The page's DTLS certificate, once made (null: none, transports connect on first use). */
  private identity: DtlsIdentity | null = null;
  /** The current join's media came with its answer. */
  private openedWithJoin = false;

  constructor(auth: SiteSocketAuth) {
    this.signaling = new SiteSignaling(auth, {
      connected: () => this.onConnected(),
      connectFailed: (failure, willReconnect) => this.onConnectionLost(failure, willReconnect),
      disconnected: (failure, willReconnect) => this.onConnectionLost(failure, willReconnect),
      reconnectAttempt: (attempt) => this.update({ retry: { attempt, at: null } }),
      programChanged: (program) => this.onProgramChanged(program),
      sessionEnded: (reason, rejoinWithinMs) => this.onSessionEnded(reason, rejoinWithinMs),
      stageChanged: (stage) => this.onStageChanged(stage),
      notice: (notice) => this.update({ notices: mergeNotices(this.snapshot.notices, [notice]) }),
    });
    // Made now, so that the join finds it ready (see dtls-identity.ts).
    void pageDtlsIdentity().then((identity) => (this.identity = identity));
    this.tabGuard = new TabGuard('code' in auth ? auth.code : auth.token, () => this.stepAside());
    this.votes = new SiteVotes(this.signaling);
    this.opinions = new SiteOpinions(this.signaling);
  }

  /** The conference's votes as this site sees them (a store of its own for the votes panel). */
  readonly votes: SiteVotes;
  /** This site's written opinions and, in the hall, the chair's screen (a store of its own). */
  readonly opinions: SiteOpinions;

  start(): void {
    this.tabGuard.claim();
    this.signaling.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    this.clearRetry();
    this.closeMedia();
    this.signaling.close();
    this.tabGuard.close();
    this.releaseLocalStream();
    this.releaseScreen();
    this.listeners.clear();
  }

  /**
   * The device check's "join" button. `stream` is the preview's open camera and microphone: the
   * hall sends it (no second getUserMedia); other sites close it. Before the conference opens the
   * request waits, and the site joins by itself when it can connect.
   */
  requestJoin(options: { devices: DeviceChoice; delegates: number | null; stream: MediaStream | null }): void {
    if (this.stopped || this.snapshot.joinRequested) return;
    if (options.stream) this.localStream = options.stream;
    this.dispatch({ type: 'joinRequested' }, { joinRequested: true, devices: options.devices, delegates: options.delegates });
    if (this.signaling.connected) void this.join(this.generation);
  }

  /** The "audio only", "low bandwidth" and "adapt" switches. */
  setSwitches(patch: Partial<ReceiveSwitches>): void {
    const switches = { ...this.snapshot.receive.switches, ...patch };
    if (!switches.automatic) this.adapter.reset('full');
    savePreferences({ switches });
    this.applyReceive(switches);
  }

  /** The "raise hand / ask to speak" button (and lowering it again). */
  async raiseHand(raised: boolean): Promise<void> {
    if (!this.mediaReady) return;
    const generation = this.generation;
    try {
      const stage = await this.signaling.request('raiseHand', { raised });
      if (generation === this.generation) this.update({ stage });
    } catch (err) {
      // A hand that could not be raised is not worth a rejoin: say so and keep the conference.
      console.warn('lienthong: could not raise hand', err);
    }
  }

  /** "Share screen": the browser's picker, then the screen goes to every site next to the speaker. */
  async startPresenting(): Promise<void> {
    const media = this.media;
    if (!this.mediaReady || !media || this.screen) return;
    const generation = this.generation;
    try {
      const screen = (this.screen = await captureScreen());
      // The browser's own "stop sharing" bar ends the track.
      screen.addEventListener('ended', () => void this.stopPresenting('the browser ended the capture'), { once: true });
      // A join that ended meanwhile: the next one shares it (see `join`).
      if (generation === this.generation) await this.present(media);
    } catch (err) {
      if (err instanceof MediaSessionClosed) return;
      this.releaseScreen();
      this.update({ presenting: false, presentProblem: toFailure(err) });
    }
  }

  /** "Stop sharing": the presentation leaves the program for every site. */
  async stopPresenting(why = 'stop sharing'): Promise<void> {
    if (!this.screen) return;
    console.info(`lienthong: presentation stopped: ${why}`);
    this.releaseScreen();
    this.update({ presenting: false });
    await this.media?.stopPresentation().catch((err: unknown) => console.warn('lienthong: could not stop the presentation', err));
  }

  /** "Take over": the site is connected on another PC (or was taken from this one) and this PC's operator confirms. */
  takeOver(): void {
    this.takeover = true;
    this.retryNow();
  }

  /** The "retry now" button: skip the wait (and socket.io's own back-off). */
  retryNow(): void {
    if (this.stopped) return;
    this.clearRetry();
    this.tabGuard.claim();
    this.signaling.disconnect();
    this.signaling.connect();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SiteSnapshot => this.snapshot;

  inboundStats(): Promise<InboundStats> {
    return this.media?.inboundStats() ?? Promise.resolve(emptyInbound(performance.now()));
  }

  presentationStats(): Promise<InboundStats | null> {
    return this.media?.presentationStats() ?? Promise.resolve(null);
  }

  /** Stills of the slides shown while receiving sound only, in the current join. */
  slideStills(): number {
    return this.media?.stillsShown ?? 0;
  }

  presentationSent(): Promise<SentLayer[]> {
    return this.media?.presentationSent() ?? Promise.resolve([]);
  }

  outboundStats(): Promise<OutboundStats> {
    return this.media?.outboundStats() ?? Promise.resolve(emptyOutbound(performance.now()));
  }

  consumerIds(): string[] {
    return this.media?.consumerIds() ?? [];
  }

  sentCodecs(): { kind: string; mimeType: string; parameters: Record<string, unknown> }[] {
    return this.media?.sentCodecs() ?? [];
  }

  iceRestarts(): number {
    return this.media?.iceRestarts ?? 0;
  }

  sessionResumes(): number {
    return this.resumes;
  }

  mediaOpenedWithJoin(): boolean {
    return this.openedWithJoin;
  }

  mediaOpenedReady(): boolean {
    return this.media?.openedReady ?? false;
  }

  private onConnected(): void {
    const generation = ++this.generation;
    this.clearRetry();
    if (this.resumeFrom && this.media) {
      this.update({ failure: null, retry: null });
      void this.resume(generation, this.resumeFrom);
      return;
    }
    this.dispatch({ type: 'connected' }, { failure: null, retry: null });
    void (this.snapshot.joinRequested ? this.join(generation) : this.greet(generation));
  }

  /**
   * Back after the signaling dropped while the media went on: the new socket takes the session
   * over, and the page catches up on what changed meanwhile. A session that is gone (the grace
   * ran out, the room could not be adopted) is joined anew.
   */
  private async resume(generation: number, previous: string): Promise<void> {
    const media = this.media;
    const pushes = this.programPushes;
    try {
      const resumed = await this.signaling.request('resume', {
        sessionId: previous,
        ...(this.snapshot.delegates === null ? {} : { delegates: this.snapshot.delegates }),
        device: deviceId(),
      });
      if (generation !== this.generation || this.media !== media || !media) return;
      this.resumeFrom = null;
      this.sessionId = this.signaling.id ?? null;
      this.resumes += 1;
      this.update({
        resuming: false,
        conference: resumed.conference,
        program: this.programPushes === pushes ? resumed.program : this.snapshot.program,
        stage: resumed.stage,
        notices: mergeNotices(this.snapshot.notices, resumed.notices),
      });
      this.applySending(media, resumed.role);
      await media.syncProgram(this.snapshot.program);
      await media.setReceiveLevel(this.snapshot.receive.level);
    } catch (err) {
      if (generation !== this.generation) return;
      if (this.resumeFrom === null) return this.fail(err, generation);
      console.warn('lienthong: the session could not be resumed; joining anew', err);
      this.resumeFrom = null;
      this.closeMedia();
      this.update({ resuming: false });
      this.dispatch({ type: 'connected' });
      void this.join(generation);
    }
  }

  /** Before the join click: learn which conference and site this is, for the device check. */
  private async greet(generation: number): Promise<void> {
    try {
      const { routerCapabilities, ...welcome } = await this.signaling.request('hello', {});
      this.routerCapabilities = routerCapabilities ?? null;
      if (generation !== this.generation || this.snapshot.joinRequested) return;
      this.dispatch({ type: 'greeted' }, { ...welcome });
    } catch (err) {
      this.fail(err, generation);
    }
  }

  /**
   * Joins the conference. With the routers' capabilities known (the hello or an earlier join said
   * them), the Device is loaded first and the join opens the media in the same request; else (or
   * when the server could not) the media is opened after, with `openMedia`.
   */
  private async join(generation: number): Promise<void> {
    const pushes = this.programPushes;
    this.identity = await pageDtlsIdentity();
    const early = await this.loadBeforeJoin().catch(() => null);
    if (generation !== this.generation) {
      // The connection went while the Device loaded: its successor joins.
      early?.media.close();
      return;
    }
    try {
      const joined = await this.signaling.request('join', {
        ...(this.snapshot.delegates === null ? {} : { delegates: this.snapshot.delegates }),
        device: deviceId(),
        ...(this.takeover ? { takeover: true } : {}),
        ...(early && { media: this.joinMedia(early) }),
      });
      this.takeover = false;
      if (generation !== this.generation) {
        early?.media.close();
        return;
      }
      markJoinStep('joined');
      if (joined.routerCapabilities) this.routerCapabilities = joined.routerCapabilities;
      this.sessionId = this.signaling.id ?? null;
      this.dispatch(
        { type: 'joined' },
        {
          conference: joined.conference,
          site: joined.site,
          role: joined.role,
          agenda: joined.agenda,
          documents: joined.documents,
          program: this.programPushes === pushes ? joined.program : this.snapshot.program,
          stage: joined.stage,
          notices: mergeNotices(this.snapshot.notices, joined.notices),
        },
      );
      const media = early?.media ?? this.newMediaSession(joined.site.id, joined.role);
      this.media = media;
      void media.setReceiveLevel(this.snapshot.receive.level);
      this.openedWithJoin = Boolean(early && joined.media);
      if (early && joined.media) {
        // Both transports and the program as the join answered it, opened with it.
        await media.adopt(this.snapshot.program, joined.media);
      } else {
        const startKbps = early ? early.startKbps : this.startGently(joined.site);
        await media.load(joined.routerRtpCapabilities);
        markJoinStep('device-loaded');
        // Both transports and the program as the join answered it, in one request (changes since: below).
        await media.open(this.snapshot.program, startKbps);
      }
      await this.sendLocalMedia(media, joined.role, generation);
      this.mediaReady = true;
      if (this.screen) await this.present(media);
      this.monitor.start();
      this.health.start();
      await media.syncProgram(this.snapshot.program);
      if (generation === this.generation) this.joinedAt = Date.now();
    } catch (err) {
      if (early && this.media !== early.media) early.media.close();
      this.fail(err, generation);
    }
  }

  /**
   * A media session whose Device is loaded with the routers' capabilities before the join (null:
   * they are not known yet, or this page does not know which site it is). Its receive level's
   * gentle start is settled here too: the join carries where the node's estimate starts.
   */
  private async loadBeforeJoin(): Promise<{ media: MediaSession; tag: string; startKbps: number | null } | null> {
    const { site, role } = this.snapshot;
    const capabilities = this.routerCapabilities;
    if (!capabilities || !site || !role) return null;
    const media = this.newMediaSession(site.id, role);
    try {
      await media.load(capabilities.rtpCapabilities);
    } catch (err) {
      media.close();
      throw err;
    }
    markJoinStep('device-loaded');
    return { media, tag: capabilities.tag, startKbps: this.startGently(site) };
  }

  /** What the join asks of the media it opens: the Device's capabilities, and ready to use where the page can (`ReadyMedia`). */
  private joinMedia(early: { media: MediaSession; tag: string; startKbps: number | null }): JoinMedia {
    void early.media.setReceiveLevel(this.snapshot.receive.level);
    const ready = early.media.readyMedia();
    return {
      capabilitiesTag: early.tag,
      rtpCapabilities: early.media.receiveCapabilities(),
      send: true,
      ...(early.startKbps === null ? {} : { startKbps: early.startKbps }),
      ...(ready && { ready }),
    };
  }

  private newMediaSession(siteId: string, role: SiteRole): MediaSession {
    const media: MediaSession = new MediaSession(
      this.signaling,
      {
        programMediaChanged: (programMedia, videoConsumers) => {
          // Another speaker's picture (the floor moved) has yet to start: not a stall.
          if (programMedia.video?.track !== this.snapshot.media.video?.track) this.adapter.pictureChanged();
          this.dispatch({ type: 'videoConsumers', count: videoConsumers }, { media: programMedia });
        },
        transportStateChanged: (direction, state) => this.update({ transports: { ...this.snapshot.transports, [direction]: state } }),
        // Whatever connection the session is on now (it may have been resumed on a new one).
        transportFailed: (direction) =>
          this.media === media && this.fail(new Failure('MEDIA_FAILED', `${direction} transport failed`), this.generation),
      },
      { siteId, seesOwnVideo: role === 'hall' },
      undefined,
      this.identity,
    );
    return media;
  }

  /**
   * Every site sends its camera and microphone, paused until it is watched (the hall always is).
   * A hall that cannot capture fails the join; another site then just cannot take the floor.
   */
  private async sendLocalMedia(media: MediaSession, role: SiteRole, generation: number): Promise<void> {
    try {
      this.localStream ??= await captureLocalMedia(this.snapshot.devices);
      if (generation !== this.generation) return;
      await media.sendLocalMedia(this.localStream, { video: false, audio: false, smallVideoOnly: false });
      // The stage may have changed while the producers were being made: apply it as it is now.
      this.applySending(media, role);
      this.update({ sendProblem: null });
    } catch (err) {
      if (role === 'hall' || err instanceof MediaSessionClosed) throw err;
      this.update({ sendProblem: toFailure(err) });
    }
  }

  /** Shares the open screen on this join's media; a refusal (not in the program, another site presents) ends it. */
  private async present(media: MediaSession): Promise<void> {
    const screen = this.screen;
    if (!screen) return;
    try {
      await media.startPresentation(screen);
      this.update({ presenting: true, presentProblem: null });
    } catch (err) {
      if (err instanceof MediaSessionClosed) throw err;
      this.releaseScreen();
      this.update({ presenting: false, presentProblem: toFailure(err) });
    }
  }

  private onStageChanged(stage: SiteStageState): void {
    this.update({ stage });
    // A floor holder's screen goes with the floor (the hall always sends).
    if (!stage.sending && this.screen) void this.stopPresenting('off the floor');
    // Before joining there is no role yet; the join applies the stage when sending starts.
    if (this.media && this.snapshot.role) this.applySending(this.media, this.snapshot.role);
  }

  private applySending(media: MediaSession, role: SiteRole): void {
    const wanted = sendKinds(this.snapshot.stage, role);
    media.setSending(wanted);
    const sent = media.sending;
    // The program always wants the microphone; a thumbnail never does.
    const program = wanted.audio;
    this.update({ sending: program && (sent.audio || sent.video), previewed: !program && sent.video });
  }

  private onProgramChanged(program: ProgramTrack[]): void {
    this.programPushes += 1;
    this.update({ program });
    const media = this.media;
    if (!media || !this.mediaReady) return; // applied when the join's setup finishes
    const generation = this.generation;
    media.syncProgram(program).catch((err: unknown) => this.fail(err, generation));
  }

  /** The server ends this session: another PC took the site over, or our media node died. */
  private onSessionEnded(reason: SessionEndReason, rejoinWithinMs = 0): void {
    if (reason === 'replaced') return this.stepAside();
    // node-lost: the disconnect follows; rejoin without waiting out a back-off, at a random moment
    // of the window the server gave (every site of a dead node was told at the same instant).
    // conference-ended: reconnecting at once is refused with the status 'ended': the final "ended" screen.
    this.rejoinAtOnce = true;
    this.rejoinDelayMs = Math.round(Math.random() * rejoinWithinMs);
  }

  /** The socket could not connect or dropped. */
  private onConnectionLost(failure: Failure, willReconnect: boolean): void {
    if (this.stopped) return;
    this.generation += 1;
    if (willReconnect && !this.rejoinAtOnce && this.mediaReady && (this.resumeFrom ?? this.sessionId)) {
      // Only the signaling went (a blip, or its control-plane replica died): the node still
      // forwards the program, so the picture and sound go on while socket.io reconnects.
      this.resumeFrom ??= this.sessionId;
      this.update({ resuming: true, retry: { attempt: this.snapshot.retry?.attempt ?? 1, at: null } });
      return;
    }
    this.resumeFrom = null;
    this.update({ resuming: false });
    this.closeMedia();
    this.dispatch({ type: 'failed', code: failure.code }, { failure });
    if (this.rejoinAtOnce) {
      this.rejoinAtOnce = false;
      this.clearRetry();
      if (this.rejoinDelayMs > 0) this.update({ retry: { attempt: 1, at: Date.now() + this.rejoinDelayMs } });
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.signaling.connect();
      }, this.rejoinDelayMs);
    } else if (willReconnect) {
      // socket.io is already retrying with its own back-off; just show it.
      this.update({ retry: { attempt: this.snapshot.retry?.attempt ?? 1, at: null } });
    } else {
      this.scheduleRetry(failure);
    }
  }

  /** A failure inside a join: drop the connection (the server frees our media) and start over. */
  private fail(err: unknown, generation: number): void {
    if (err instanceof MediaSessionClosed || generation !== this.generation || this.stopped) return;
    const failure = toFailure(err);
    // Requests cannot reach the server while the session waits to be resumed; the resume re-applies
    // what they were for. Only the media itself failing ends the wait.
    if (this.resumeFrom && failure.code !== 'MEDIA_FAILED') return;
    this.resumeFrom = null;
    this.update({ resuming: false });
    console.warn(`lienthong: ${failure.code}: ${failure.message}`);
    this.generation += 1;
    this.closeMedia();
    this.signaling.disconnect();
    this.dispatch({ type: 'failed', code: failure.code }, { failure });
    this.scheduleRetry(failure);
  }

  /** Another tab of this browser took the site over: stop without retrying. */
  private stepAside(): void {
    if (this.stopped) return;
    this.generation += 1;
    this.clearRetry();
    this.closeMedia();
    this.signaling.disconnect();
    this.dispatch({ type: 'failed', code: 'SESSION_REPLACED' }, { failure: new Failure('SESSION_REPLACED'), retry: null });
  }

  private scheduleRetry(failure: Failure): void {
    this.clearRetry();
    if (this.joinedAt && Date.now() - this.joinedAt >= STABLE_MS) this.failures = 0;
    this.joinedAt = 0;
    this.failures += 1;
    const busy = busyDetailsSchema.safeParse(failure.details);
    const plan = retryPlan(failure.code, this.failures, Math.random(), failure.code === 'BUSY' && busy.success ? busy.data.retryAfterMs : undefined);
    if (!plan.retry) {
      this.update({ retry: null });
      return;
    }
    this.update({ retry: { attempt: this.failures, at: Date.now() + plan.delayMs } });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.signaling.connect();
    }, plan.delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private closeMedia(): void {
    this.monitor.stop();
    this.health.stop();
    this.videoStarted = false;
    this.media?.close();
    this.media = null;
    this.mediaReady = false;
    this.update({ media: noMedia, sending: false, previewed: false, transports: {}, quality: noQuality });
  }

  private releaseScreen(): void {
    this.screen?.stop();
    this.screen = null;
  }

  private releaseLocalStream(): void {
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.localStream = null;
  }

  /**
   * A join starts where this site's link can take it (its profile, or what its last session
   * ended on), so it never opens with a burst that drowns its own sound. Returns where the node's
   * bandwidth estimate for the receive transport should start (null: the node's default).
   */
  private startGently(site: { id: string; linkProfile?: LinkProfile }): number | null {
    const start = this.adapter.gentleStart ? gentleStart(site.linkProfile ?? null, loadLastLink(site.id), Date.now()) : null;
    this.adapter.reset(start?.level ?? 'full');
    this.samplesSinceRemembered = 0;
    this.applyReceive(this.snapshot.receive.switches);
    return start?.startKbps ?? null;
  }

  /** Every 2 s in a conference: show the link's quality and let the adaptation react to it. */
  private onLinkSample(sample: LinkSample): void {
    const generation = this.generation;
    this.media?.healPresentation().catch((err: unknown) => this.fail(err, generation));
    const { switches, level } = this.snapshot.receive;
    const { quality } = sample;
    if (quality.fps > 0) this.videoStarted = true;
    const picture = { expected: level !== 'audio' && this.snapshot.media.video !== null, started: this.videoStarted };
    if (switches.automatic) this.adapter.observe(sample, picture);
    this.update({ quality });
    this.applyReceive(switches);
    this.rememberLink(quality);
  }

  /** About every 30 s, what this link carries at the adaptation's level: the next join starts there. */
  private rememberLink(quality: Quality): void {
    const site = this.snapshot.site;
    this.samplesSinceRemembered += 1;
    if (!site || !this.snapshot.receive.switches.automatic || this.samplesSinceRemembered < REMEMBER_EVERY) return;
    this.samplesSinceRemembered = 0;
    saveLastLink(site.id, { level: this.adapter.level, kbps: quality.kbps, at: Date.now() });
  }

  /** Asks the node for the level the switches and the adaptation now call for. */
  private applyReceive(switches: ReceiveSwitches): void {
    const adapted = this.adapter.level;
    const level = effectiveLevel(switches, adapted);
    const changed = level !== this.snapshot.receive.level;
    this.update({ receive: { switches, adapted, level } });
    if (!changed) return;
    this.monitor.rebase();
    this.videoStarted = false;
    this.adapter.pictureChanged();
    const media = this.media;
    const generation = this.generation;
    media?.setReceiveLevel(level).catch((err: unknown) => this.fail(err, generation));
  }

  private dispatch(event: SiteEvent, patch: Partial<SiteSnapshot> = {}): void {
    this.update({ ...patch, state: nextSiteState(this.snapshot.state, event) });
  }

  private update(patch: Partial<SiteSnapshot>): void {
    if (this.stopped) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** Notices by id, oldest first: a rejoin hands back ones already shown. */
function mergeNotices(shown: readonly Notice[], incoming: readonly Notice[]): Notice[] {
  const byId = new Map(shown.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
