import {
  LienthongError,
  presentationTrack,
  receivedTracks,
  type ProgramViewer,
  type ConsumerParams,
  type ConsumerStart,
  type OpenedMedia,
  type ProgramTrack,
  type ReadyMedia,
  type RequestOf,
  type SiteRequests,
  type WebRtcTransportParams,
  type WireRtpCapabilities,
  type WireDtlsParameters,
} from '@lienthong/contracts';
import { Device, type types } from 'mediasoup-client';
import { asError, Failure, toFailure } from '../shared/failure';
import { acceptOwnConnect, type DtlsIdentity } from './dtls-identity';
import { IceHealer } from './ice-healer';
import { markJoinStep } from './join-marks';
import { layersFor, type ReceiveLevel, spatialLayersOf } from './receive/receive-level';
import type { StillAction } from './receive/slide-stills';
import { StillTaker } from './receive/still-taker';
import type { SendKinds } from './send-policy';
import type { SiteRequester } from './signaling';
import { producerGone, TrackSender } from './track-sender';
import {
  emptyInbound,
  emptyOutbound,
  type InboundStats,
  type OutboundStats,
  type SentLayer,
  type StatsSource,
  summarizeInbound,
} from './stats';
import {
  fromDtlsParameters,
  fromRtpCapabilities,
  toConsumerOptions,
  toRtpCapabilities,
  toTransportOptions,
} from './wire-adapters';

type Direction = 'send' | 'recv';
type TrackInfo = Pick<ProgramTrack, 'siteId' | 'siteName' | 'unitName'>;

type ProgramPicture = { track: MediaStreamTrack } & TrackInfo;

/** What the program looks like right now, ready to put in a <video>. */
export interface ProgramMedia {
  /** The speaker's picture: the floor holder's camera, else the hall's (never the site's own). */
  video: ProgramPicture | null;
  /** A shared screen (slides), shown next to the speaker. */
  presentation: ProgramPicture | null;
  /** Every program audio track but the site's own (hall and floor holder are heard together). */
  audio: MediaStreamTrack[];
}

export interface MediaSessionListener {
  programMediaChanged(media: ProgramMedia, videoConsumers: number): void;
  transportStateChanged(direction: Direction, state: types.ConnectionState): void;
  /** ICE/DTLS to the media node failed for good (ICE restarts did not heal it): the session has to join again. */
  transportFailed(direction: Direction): void;
}

/** How long a starting presentation consumer may decode nothing new before it is consumed afresh, and for how long it is watched. */
const presentationStartMs = 4000;
const presentationWatchMs = 20_000;

/**
 * Owns one join's media: the mediasoup-client Device, the send and receive transports, the hall's
 * producers and the program consumers. Knows nothing of React or of the socket's lifecycle; a new
 * MediaSession is made for every join and closed when that join ends.
 */
export class MediaSession {
  private device: Device | null = null;
  private recvTransport: types.Transport | null = null;
  private sendTransport: types.Transport | null = null;
  /**
   * The DTLS parameters the receive transport's 'connect' gave while `open` consumed on it: they go
   * with `startConsumers` (a request fewer per join, for the site and for the control plane).
   */
  private unsentRecvConnect: WireDtlsParameters | undefined;
  /** The receive transport `open` is consuming on: its 'connect' waits for `startConsumers`. */
  private openingRecv: types.Transport | null = null;
  /** Whether the last `readyMedia` asked for the consumers started. */
  private askedStarted = false;
  /** Whether the node made this join's media ready to use (see `readyMedia`). */
  private madeReady = false;
  /** What this join sends (camera, microphone, presentation), once its send transport exists. */
  private sender: TrackSender | null = null;
  /** Program consumers by producer id. */
  private readonly consumers = new Map<string, types.Consumer<TrackInfo>>();
  private program: readonly ProgramTrack[] = [];
  /** What the node forwards of the program's video, and what each video consumer was last set to. */
  private level: ReceiveLevel = 'full';
  private readonly videoLevels = new Map<string, ReceiveLevel>();
  /**
   * Presentation consumers waiting for their first frame since they were made or switched: since
   * when (performance.now()), and the frames decoded before (unknown until first looked at).
   */
  private readonly starting = new Map<string, { at: number; movedAt: number; frames?: number }>();
  private syncQueue: Promise<void> = Promise.resolve();
  private readonly healers: IceHealer[] = [];
  private closed = false;
  /** Stills of the slides while the level is sound only (see slide-stills.ts). */
  private readonly stills = new StillTaker({
    stillSubject: () => this.stillConsumer()?.producerId ?? null,
    stillFrames: async (producerId) => {
      const still = this.stillConsumer();
      return still?.producerId === producerId ? summarizeInbound(await still.consumer.getStats()).videoFramesDecoded : null;
    },
    applyStill: (producerId, action) => this.applyStill(producerId, action),
  });

  constructor(
    private readonly signaling: SiteRequester,
    private readonly listener: MediaSessionListener,
    /** This site: its own sound is never received back (see `receivedTracks` for its video). */
    private readonly self: ProgramViewer,
    /** Tests pass a Device built on mediasoup-client's FakeHandler. */
    private readonly createDevice: () => Promise<Device> = () => Device.factory(),
    /** The page's DTLS certificate (null: its transports connect on first use, as before). */
    private readonly identity: DtlsIdentity | null = null,
  ) {}

  async load(routerRtpCapabilities: WireRtpCapabilities): Promise<void> {
    try {
      const device = await this.createDevice();
      await device.load({ routerRtpCapabilities: toRtpCapabilities(routerRtpCapabilities) });
      this.device = device;
    } catch (err) {
      if (err instanceof Error && err.name === 'UnsupportedError') {
        throw new Failure('BROWSER_UNSUPPORTED', `${err.name}: ${err.message}`);
      }
      throw toFailure(err);
    }
    this.assertOpen();
  }

  /**
   * Opens the join's media in one request: the receive transport every site (the hall too)
   * receives the program on, the send transport, and the program as the join answered it,
   * consumed and then started with one more request. Later program changes go through
   * `syncProgram`, queued behind this. `startKbps`: where the node's bandwidth estimate for the
   * receive transport starts (a site known to be weak; null: the node's default).
   */
  open(program: readonly ProgramTrack[], startKbps: number | null = null): Promise<void> {
    return this.enqueue(async () => {
      this.program = program;
      const ready = this.readyMedia();
      const opened = await this.signaling.request('openMedia', {
        rtpCapabilities: this.receiveCapabilities(),
        send: true,
        consume: receivedTracks(program, this.self).map((t) => t.producerId),
        ...(startKbps === null ? {} : { startKbps }),
        ...(ready && { ready }),
      });
      await this.setUpOpened(program, opened);
    });
  }

  /**
   * The media a join opened with it (`SiteJoined.media`, asked for with `receiveCapabilities`
   * from a Device loaded before the join): set up as `open` sets up its answer.
   */
  adopt(program: readonly ProgramTrack[], opened: OpenedMedia): Promise<void> {
    return this.enqueue(() => this.setUpOpened(program, opened));
  }

  /**
   * What to ask of the node for this join's media to be ready to use (`ReadyMedia`), or undefined
   * without a usable certificate. The consumers are asked started only at the full level (any other
   * starts them at its layer, or not at all, as before).
   */
  readyMedia(): ReadyMedia | undefined {
    if (!this.identity || this.identity.unusable) return undefined;
    this.askedStarted = this.level === 'full';
    return { dtlsParameters: this.identity.dtlsParameters, startConsumers: this.askedStarted };
  }

  get openedReady(): boolean {
    return this.madeReady;
  }

  /** What the loaded Device receives, as the server takes it. */
  receiveCapabilities(): WireRtpCapabilities {
    return fromRtpCapabilities(this.requireDevice().recvRtpCapabilities);
  }

  /**
   * Both transports and the program's consumers (set up in one negotiation), then one request
   * starting them all with the receive transport's connect; none when the node made them ready.
   */
  private async setUpOpened(program: readonly ProgramTrack[], opened: OpenedMedia): Promise<void> {
    this.assertOpen();
    this.program = program;
    const wanted = receivedTracks(program, this.self);
    markJoinStep('media-opened');
    const ready = opened.ready === true && this.identity !== null;
    this.madeReady = ready;
    this.recvTransport = this.setUpTransport('recv', opened.recv, ready);
    if (opened.send) {
      this.sendTransport = this.setUpTransport('send', opened.send, ready);
      this.sender = new TrackSender(this.sendTransport, this.signaling, () => this.assertOpen(), ready ? this.identity : null);
    }
    this.openingRecv = this.recvTransport;
    let made: types.Consumer[];
    try {
      const tracks = opened.consumers.flatMap((params) => {
        const track = wanted.find((t) => t.producerId === params.producerId);
        return track ? [{ track, params }] : [];
      });
      // Asked together, mediasoup-client sets them up in one negotiation.
      made = await Promise.all(tracks.map(({ track, params }) => this.addConsumer(track, params)));
    } finally {
      this.openingRecv = null;
    }
    if (ready && this.askedStarted) await this.startedByNode(made);
    else await this.startConsumers(made);
    markJoinStep('consumers-started');
    this.publish();
    this.stills.start();
  }

  /** Starts the consumers `open` made paused, carrying the receive transport's connect when it has not gone. */
  private async startConsumers(made: types.Consumer[]): Promise<void> {
    const starts = made.map((consumer) => this.startOf(consumer)).filter((start): start is ConsumerStart => start !== null);
    const recvId = this.recvTransport!.id;
    const dtlsParameters = this.unsentRecvConnect;
    this.unsentRecvConnect = undefined;
    if (starts.length) await this.onConsumer('startConsumers', { consumers: starts, ...(dtlsParameters && { connect: { transportId: recvId, dtlsParameters } }) });
    else if (dtlsParameters) await this.signaling.request('connectTransport', { transportId: recvId, dtlsParameters });
  }

  /** Consumers the node made started, at the full level: brought to the level the site chose since. */
  private async startedByNode(made: types.Consumer[]): Promise<void> {
    for (const consumer of made) if (consumer.kind === 'video') this.videoLevels.set(consumer.id, 'full');
    if (this.level === 'full') return;
    for (const consumer of made) if (consumer.kind === 'video') await this.applyLevel(consumer);
  }

  /**
   * Produces the site's camera and microphone on the send transport `open` made, paused but
   * those `sending` names (see TrackSender).
   */
  sendLocalMedia(stream: MediaStream, sending: SendKinds): Promise<void> {
    return this.requireSender('sendLocalMedia').sendLocalMedia(this.requireDevice(), stream, sending);
  }

  /** Shares a screen as the program's presentation (after `sendLocalMedia`). */
  startPresentation(track: MediaStreamTrack): Promise<void> {
    return this.requireSender('startPresentation').startPresentation(track, () => !this.closed);
  }

  /** Stops sharing: the presentation leaves the program for every site. */
  async stopPresentation(): Promise<void> {
    await this.sender?.stopPresentation(() => !this.closed);
  }

  /** The presentation's simulcast layers as they leave the browser (empty: not presenting). */
  async presentationSent(): Promise<SentLayer[]> {
    return this.sender ? this.sender.presentationSent() : [];
  }

  /**
   * A presentation consumer that decodes no new frame for 4 s within 20 s of being made or switched
   * (another layer, resumed after sound only) is consumed afresh: the new consumer makes the node ask the
   * presenting browser for a keyframe again. Screen encoders sometimes let a request go, and a
   * static slide brings no keyframe by itself. Called every few seconds; a picture that started is
   * left alone, however still its slide.
   */
  healPresentation(): Promise<void> {
    return this.enqueue(async () => {
      const shown = presentationTrack(this.program);
      const consumer = shown ? this.consumers.get(shown.producerId) : undefined;
      const start = consumer && this.starting.get(consumer.id);
      if (!shown || !consumer || !start || consumer.closed || this.closed || this.level === 'audio') return;
      const { videoFramesDecoded } = summarizeInbound(await consumer.getStats());
      const now = performance.now();
      // A switch may still bring a few frames of the old layer: watch for a while, not for the first frame.
      if (start.frames === undefined || videoFramesDecoded > start.frames) Object.assign(start, { frames: videoFramesDecoded, movedAt: now });
      if (now - start.at > presentationWatchMs) this.starting.delete(consumer.id);
      if (now - start.movedAt < presentationStartMs || this.closed) return;
      await this.consumeAfresh(shown, consumer);
    });
  }

  /** Stills of the slides put on screen while receiving sound only, in this join. */
  get stillsShown(): number {
    return this.stills.shown;
  }

  /** The shown presentation's consumer while the node forwards sound only (and has paused it), or null. */
  private stillConsumer(): { producerId: string; consumer: types.Consumer } | null {
    const shown = presentationTrack(this.program);
    const consumer = shown ? this.consumers.get(shown.producerId) : undefined;
    if (this.closed || this.level !== 'audio' || !shown || !consumer || consumer.closed || this.videoLevels.get(consumer.id) !== 'audio') return null;
    return { producerId: shown.producerId, consumer };
  }

  /**
   * One step of a still, queued with level and program changes; dropped when the level left sound
   * only or the presentation changed meanwhile (the normal level then owns the consumer).
   */
  private applyStill(producerId: string, action: StillAction): Promise<void> {
    return this.enqueue(async () => {
      const still = this.stillConsumer();
      if (still?.producerId !== producerId) return;
      const consumerId = still.consumer.id;
      if (action === 'resume') {
        // The half-size layer: a slide's large text stays readable, its keyframe is a fraction of the full one's.
        await this.onConsumer('setPreferredLayers', { consumerId, spatialLayer: 0, temporalLayer: 0 });
        await this.onConsumer('setConsumerPaused', { consumerId, paused: false });
      } else if (action === 'pause') {
        await this.onConsumer('setConsumerPaused', { consumerId, paused: true });
      } else {
        // A new consumer starts paused on the node at this level; its next resume asks for a keyframe.
        const shown = presentationTrack(this.program);
        if (shown) await this.consumeAfresh(shown, still.consumer);
      }
    });
  }

  /** Replaces a presentation consumer by a new one: the node asks the presenting browser for a keyframe again. */
  private async consumeAfresh(shown: ProgramTrack, consumer: types.Consumer): Promise<void> {
    this.starting.delete(consumer.id);
    this.videoLevels.delete(consumer.id);
    this.consumers.delete(shown.producerId);
    consumer.close();
    await this.consume(shown);
    this.publish();
  }

  get presenting(): boolean {
    return this.sender?.presenting ?? false;
  }

  /** Starts or stops sending each kind (the server says who watches this site: the program, or an operator's thumbnail). */
  setSending(sending: SendKinds): void {
    this.sender?.setSending(sending);
  }

  /**
   * Brings the consumers in line with the program: consumes tracks not yet consumed and closes
   * consumers whose producer left. Calls are queued, so overlapping program changes apply in order.
   */
  syncProgram(program: readonly ProgramTrack[]): Promise<void> {
    return this.enqueue(() => this.applyProgram(program));
  }

  /**
   * Audio only, low bandwidth or the full picture: the node pauses the video consumers or forwards
   * their small simulcast layer. Queued with program changes, so new consumers get it too.
   */
  setReceiveLevel(level: ReceiveLevel): Promise<void> {
    this.level = level;
    return this.enqueue(async () => {
      for (const consumer of this.consumers.values()) {
        if (consumer.kind === 'video' && !consumer.closed) await this.applyLevel(consumer);
      }
    });
  }

  consumerIds(): string[] {
    return [...this.consumers.values()].map((c) => c.id);
  }

  /** The codecs the hall's producers send with (Opus should carry useinbandfec=1 and usedtx=1). */
  sentCodecs(): ReturnType<TrackSender['sentCodecs']> {
    return this.sender?.sentCodecs() ?? [];
  }

  /** What the program's speaker and sound bring in; the presentation is apart (it judges no link). */
  async inboundStats(): Promise<InboundStats> {
    if (!this.recvTransport || this.recvTransport.closed) return emptyInbound(performance.now());
    const shown = presentationTrack(this.program);
    const presentationMid = shown ? this.consumers.get(shown.producerId)?.rtpParameters.mid : undefined;
    return summarizeInbound(await this.recvTransport.getStats(), presentationMid);
  }

  /** What the presentation's consumer received and decoded (null: none shown). */
  async presentationStats(): Promise<InboundStats | null> {
    const shown = presentationTrack(this.program);
    const consumer = shown ? this.consumers.get(shown.producerId) : undefined;
    return consumer && !consumer.closed ? summarizeInbound(await consumer.getStats()) : null;
  }

  /** The receive transport's raw statistics (the health reporter reads the link's round trip there). */
  async recvStatsReport(): Promise<StatsSource | null> {
    return !this.recvTransport || this.recvTransport.closed ? null : this.recvTransport.getStats();
  }

  async outboundStats(): Promise<OutboundStats> {
    return this.sender ? this.sender.outboundStats() : emptyOutbound(performance.now());
  }

  /** ICE restarts done on this join's transports (each one a blip healed without a rejoin). */
  get iceRestarts(): number {
    return this.healers.reduce((sum, h) => sum + h.restarts, 0);
  }

  /** What actually leaves the browser now. */
  get sending(): SendKinds {
    return this.sender?.sending ?? { video: false, audio: false, smallVideoOnly: false };
  }

  /** Closes everything this join created; the captured camera stays open for the next join. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stills.stop();
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.sender?.close();
    for (const healer of this.healers) healer.close();
    this.recvTransport?.close();
    this.sendTransport?.close();
  }

  private async applyProgram(program: readonly ProgramTrack[]): Promise<void> {
    if (this.closed) return;
    this.program = program;
    const wanted = new Set(receivedTracks(program, this.self).map((t) => t.producerId));
    for (const [producerId, consumer] of this.consumers) {
      if (!wanted.has(producerId)) {
        this.videoLevels.delete(consumer.id);
        consumer.close();
        this.consumers.delete(producerId);
      }
    }
    this.publish();
    for (const track of program) {
      if (!wanted.has(track.producerId) || this.consumers.has(track.producerId)) continue;
      await this.consume(track);
      this.publish();
    }
  }

  private async consume(track: ProgramTrack): Promise<void> {
    const device = this.requireDevice();
    const transport = this.recvTransport;
    if (!transport) throw new Failure('INTERNAL', 'consume before open');
    let params;
    try {
      params = await this.signaling.request('consume', {
        transportId: transport.id,
        producerId: track.producerId,
        rtpCapabilities: fromRtpCapabilities(device.recvRtpCapabilities),
      });
    } catch (err) {
      const failure = toFailure(err);
      if (producerGone.has(failure.code)) return;
      throw failure;
    }
    this.assertOpen();
    const consumer = await this.addConsumer(track, params);
    if (consumer.kind === 'video') await this.applyLevel(consumer);
    else await this.onConsumer('resumeConsumer', { consumerId: consumer.id });
  }

  /** Sets up, in the browser, a consumer the node made paused for one program track. */
  private async addConsumer(track: ProgramTrack, params: ConsumerParams): Promise<types.Consumer<TrackInfo>> {
    const transport = this.recvTransport;
    if (!transport) throw new Failure('INTERNAL', 'consume before open');
    const consumer = await transport.consume(toConsumerOptions(params, { siteId: track.siteId, siteName: track.siteName, unitName: track.unitName }));
    if (this.closed) {
      consumer.close();
      this.assertOpen();
    }
    this.consumers.set(track.producerId, consumer);
    if (track.source === 'presentation') this.starting.set(consumer.id, { at: performance.now(), movedAt: performance.now(), frames: 0 });
    const forget = () => {
      if (this.consumers.get(track.producerId) === consumer) this.consumers.delete(track.producerId);
      this.publish();
    };
    consumer.on('transportclose', forget);
    consumer.on('trackended', forget);
    return consumer;
  }

  /**
   * How a new consumer starts at the current receive level (what `applyLevel` does for one, as
   * data for a batch): audio at once, video at its level's layer, or not at all on audio only.
   */
  private startOf(consumer: types.Consumer): ConsumerStart | null {
    if (consumer.kind !== 'video') return { consumerId: consumer.id };
    this.videoLevels.set(consumer.id, this.level);
    if (this.level === 'audio') return null;
    if (this.level === 'full') return { consumerId: consumer.id };
    return { consumerId: consumer.id, preferredLayers: layersFor(this.level, spatialLayersOf(consumer.rtpParameters.encodings?.[0]?.scalabilityMode)) };
  }

  /**
   * Brings one video consumer (new ones start paused on the node) to the current level. The
   * browser's own consumer is never paused: its <video> keeps the last picture while no frames come.
   */
  private async applyLevel(consumer: types.Consumer): Promise<void> {
    const consumerId = consumer.id;
    const level = this.level;
    const previous = this.videoLevels.get(consumerId);
    if (previous === level) return;
    this.videoLevels.set(consumerId, level);
    if (previous !== undefined && this.isPresentation(consumerId)) this.starting.set(consumerId, { at: performance.now(), movedAt: performance.now() });
    if (level === 'audio') {
      if (previous !== undefined) await this.onConsumer('setConsumerPaused', { consumerId, paused: true });
      return;
    }
    if (previous !== undefined || level !== 'full') {
      const layers = layersFor(level, spatialLayersOf(consumer.rtpParameters.encodings?.[0]?.scalabilityMode));
      await this.onConsumer('setPreferredLayers', { consumerId, ...layers });
    }
    if (previous === undefined) await this.onConsumer('resumeConsumer', { consumerId });
    else if (previous === 'audio') await this.onConsumer('setConsumerPaused', { consumerId, paused: false });
  }

  /**
   * A request about one of this session's consumers. NOT_FOUND means the node closed it already
   * (the program moved on while the request travelled, e.g. the floor was taken back): the program
   * change that follows drops it here too, so it is no failure of the session.
   */
  private async onConsumer<K extends 'resumeConsumer' | 'startConsumers' | 'setConsumerPaused' | 'setPreferredLayers'>(name: K, request: RequestOf<SiteRequests, K>): Promise<void> {
    try {
      await this.signaling.request(name, request);
    } catch (err) {
      if (err instanceof LienthongError && err.code === 'NOT_FOUND') return;
      throw err;
    }
  }

  private isPresentation(consumerId: string): boolean {
    const shown = presentationTrack(this.program);
    return !!shown && this.consumers.get(shown.producerId)?.id === consumerId;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.syncQueue.then(work);
    this.syncQueue = run.catch(() => undefined);
    return run;
  }

  /** The browser's end of a transport the node made: connected on first use, healed by ICE restarts. */
  private setUpTransport(direction: Direction, params: WebRtcTransportParams, preconnected: boolean): types.Transport {
    const device = this.requireDevice();
    const options = { ...toTransportOptions(params), ...(this.identity && { additionalSettings: this.identity.peerConnectionSettings }) };
    const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    // A send transport connects with its first track (TrackSender); a receive transport `open` is
    // consuming on connects with the start of its consumers, carrying the parameters; one the node
    // connected as it made it needs nothing.
    if (direction === 'recv')
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        if (preconnected && this.identity) {
          acceptOwnConnect(this.identity, fromDtlsParameters(dtlsParameters), callback, errback);
          return;
        }
        if (transport === this.openingRecv) {
          this.unsentRecvConnect = fromDtlsParameters(dtlsParameters);
          callback();
          return;
        }
        this.signaling
          .request('connectTransport', { transportId: transport.id, dtlsParameters: fromDtlsParameters(dtlsParameters) })
          .then(() => callback(), (err: unknown) => errback(asError(err)));
      });
    const healer = new IceHealer(
      async () => {
        const { iceParameters } = await this.signaling.request('restartIce', { transportId: transport.id });
        if (!transport.closed) await transport.restartIce({ iceParameters: iceParameters });
      },
      () => {
        if (!this.closed) this.listener.transportFailed(direction);
      },
    );
    this.healers.push(healer);
    transport.on('connectionstatechange', (state) => {
      if (this.closed) return;
      if (direction === 'recv' && state === 'connected') markJoinStep('recv-connected');
      this.listener.transportStateChanged(direction, state);
      healer.stateChanged(state);
    });
    return transport;
  }

  /** The consumers as one program picture: the newest camera in program order, the presentation, all audio. */
  private publish(): void {
    if (this.closed) return;
    let video: ProgramMedia['video'] = null;
    let presentation: ProgramMedia['presentation'] = null;
    const audio: MediaStreamTrack[] = [];
    let videoConsumers = 0;
    for (const track of this.program) {
      const consumer = this.consumers.get(track.producerId);
      if (!consumer || consumer.closed) continue;
      const picture = { track: consumer.track, siteId: track.siteId, siteName: track.siteName, unitName: track.unitName };
      if (track.source === 'presentation') presentation = picture;
      else if (consumer.kind === 'video') {
        videoConsumers += 1;
        video = picture;
      } else {
        audio.push(consumer.track);
      }
    }
    this.listener.programMediaChanged({ video, presentation, audio }, videoConsumers);
  }

  private requireSender(operation: string): TrackSender {
    this.assertOpen();
    if (!this.sender || this.sendTransport?.closed) throw new Failure('INTERNAL', `${operation} before open`);
    return this.sender;
  }

  private requireDevice(): Device {
    this.assertOpen();
    if (!this.device) throw new Failure('INTERNAL', 'Device not loaded');
    return this.device;
  }

  private assertOpen(): void {
    if (this.closed) throw new MediaSessionClosed();
  }
}

/** Thrown into work still running for a join that has ended; the session ignores it. */
export class MediaSessionClosed extends Error {
  constructor() {
    super('media session closed');
    this.name = 'MediaSessionClosed';
  }
}
