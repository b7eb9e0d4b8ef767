// One simulated site doing over the real /site gateway what a browser's site page does
// (web-viewer/src/site/site-session.ts and media-session.ts): hello (it tells the routers'
// capabilities), its Device loaded, the join opening its media (both transports and the program's
// consumers in the join's answer; openMedia after it if not): on the 'ready' path connected and
// started by the node with the DTLS parameters the join told, on the 'batched' path started in one
// more request; camera (two simulcast layers) and microphone produced paused in one more, then a
// health report a second as a volatile event. The 'per-request' join path does it the way the page did before: a transport
// each, then a consume and a resume per program track, a produce per track. mediasoup-client runs on its
// FakeHandler: the signalling and the mediasoup objects on the nodes are real, no RTP flows.
import {
  busyDetailsSchema,
  callMessage,
  receivedTracks,
  reportIsNews,
  LienthongError,
  namespaces,
  siteRequests,
  siteEvents,
  wireErrorSchema,
  type ProgramTrack,
  type RequestOf,
  type ResponseOf,
  type RouterCapabilities,
  type SiteHealthReport,
  type SiteRequests,
  type WebRtcTransportParams,
} from '@lienthong/contracts';
import type { JoinPath } from './params.js';
import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import { Device, FakeHandler, testFakeParameters, type types } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';

/** What the site page sends (web-viewer/src/site/capture.ts): two simulcast layers. */
const videoEncodings: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 250_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000, scalabilityMode: 'L1T3' },
];

export type JoinStep = 'connect' | 'hello' | 'join' | 'media';

/** How long each step took (null: not reached or not finished); `join` is the join request's ack. */
export type StepTimes = Record<JoinStep, number | null>;

export type SiteOutcome =
  | { ok: true; stepsMs: StepTimes; readyMs: number }
  | { ok: false; step: JoinStep; code: string; message: string; stepsMs: StepTimes };

/** A browser retries a BUSY join for as long as it is open; the bench gives up after this many. */
const MAX_BUSY_RETRIES = 20;

export interface SiteTally {
  healthReports: number;
  /** joins turned away as BUSY (each retried) */
  busyRefusals: number;
  sessionEnded: Record<string, number>;
  /** Connections that dropped after a successful join. */
  drops: number;
}

/** The gateway refused the connection (its error code), or it could not be reached ('NETWORK'). */
class ConnectFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class SimulatedSite {
  private socket: Socket | null = null;
  private device: Device | null = null;
  private recv: types.Transport | null = null;
  private readonly consumed = new Set<string>();
  private health: ReturnType<typeof setInterval> | null = null;
  private step: JoinStep = 'connect';
  private joined = false;
  /** What the routers offer, as the hello (or the last join) said: a batched join loads them first. */
  private routerCapabilities: RouterCapabilities | null = null;

  constructor(
    private readonly o: { url: string; token: string; siteId: string; hall: boolean; requestTimeoutMs: number; joinPath: JoinPath; tally: SiteTally; pace: { heartbeatMs: number } },
  ) {}

  /**
   * Connects and joins; resolves with how it went (never rejects). A join turned away as BUSY is
   * retried as the browser does (site-session.ts, retry-policy.ts): a new connection after the
   * server's retryAfterMs times 1 to 2, joining straight away (the device check is behind it).
   */
  async run(): Promise<SiteOutcome> {
    const started = performance.now();
    let attempt = await this.attempt(true);
    for (let retries = 0; attempt.retryAfterMs !== null && retries < MAX_BUSY_RETRIES; retries++) {
      this.o.tally.busyRefusals += 1;
      await new Promise((r) => setTimeout(r, attempt.retryAfterMs! * (1 + Math.random())));
      attempt = await this.attempt(false);
    }
    const { outcome } = attempt;
    return outcome.ok ? { ...outcome, readyMs: performance.now() - started } : outcome;
  }

  /** One connection's try; `retryAfterMs` is set when the join was turned away as BUSY. */
  private async attempt(greet: boolean): Promise<{ outcome: SiteOutcome; retryAfterMs: number | null }> {
    const stepsMs: StepTimes = { connect: null, hello: null, join: null, media: null };
    let mark = performance.now();
    this.step = 'connect';
    this.consumed.clear();
    /** Ends the current step (its time recorded) and starts `next`. */
    const done = (next: JoinStep) => {
      const now = performance.now();
      stepsMs[this.step] = now - mark;
      mark = now;
      this.step = next;
    };
    try {
      const socket = await this.connect();
      if (greet) {
        done('hello');
        this.routerCapabilities = (await this.request('hello', {})).routerCapabilities ?? null;
      }
      // A partial arrival (see params.ts): a device check left open, with nothing more to do.
      if (this.o.joinPath === 'greeted' && !this.o.hall) return { outcome: { ok: true, stepsMs, readyMs: 0 }, retryAfterMs: null };
      done('join');
      // The other partial arrival: joined, no media, then health like every joined site.
      const medialess = this.o.joinPath === 'joined-without-media' && !this.o.hall;
      const media = medialess || this.o.joinPath === 'per-request' ? null : await this.loadBeforeJoin();
      const joined = await this.request('join', { delegates: 30, ...(media && { media }) });
      this.routerCapabilities = joined.routerCapabilities ?? this.routerCapabilities;
      done('media');
      if (!medialess) {
        socket.on('programChanged', (payload: unknown) => {
          const parsed = siteEvents.programChanged.safeParse(payload);
          if (parsed.success) void this.consumeProgram(parsed.data.program).catch(() => undefined);
        });
        await this.setUpMedia(joined);
        stepsMs.media = performance.now() - mark;
      }
      this.joined = true;
      this.startHealth();
      return { outcome: { ok: true, stepsMs, readyMs: 0 }, retryAfterMs: null };
    } catch (err) {
      this.close();
      const code = err instanceof LienthongError || err instanceof ConnectFailed ? err.code : 'CLIENT_ERROR';
      const busy = err instanceof LienthongError && code === 'BUSY' ? busyDetailsSchema.safeParse(err.details) : null;
      return {
        outcome: { ok: false, step: this.step, code, message: err instanceof Error ? err.message : String(err), stepsMs },
        retryAfterMs: busy?.success ? busy.data.retryAfterMs : null,
      };
    }
  }

  close(): void {
    if (this.health) clearInterval(this.health);
    this.health = null;
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
  }

  private connect(): Promise<Socket> {
    const socket = io(`${this.o.url}${namespaces.site}`, {
      auth: { token: this.o.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true, // a connection each, as separate browsers have
    });
    this.socket = socket;
    socket.on('sessionEnded', (payload: unknown) => {
      const parsed = siteEvents.sessionEnded.safeParse(payload);
      const reason = parsed.success ? parsed.data.reason : 'malformed';
      this.o.tally.sessionEnded[reason] = (this.o.tally.sessionEnded[reason] ?? 0) + 1;
    });
    socket.on('disconnect', (reason) => {
      if (this.joined && reason !== 'io client disconnect') this.o.tally.drops += 1;
      if (this.health) clearInterval(this.health);
      this.health = null;
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err: Error & { data?: unknown }) => {
        const wire = wireErrorSchema.safeParse(err.data);
        reject(new ConnectFailed(wire.success ? wire.data.code : 'NETWORK', err.message));
      });
    });
  }

  private request<K extends Extract<keyof SiteRequests, string>>(name: K, request: RequestOf<SiteRequests, K>): Promise<ResponseOf<SiteRequests, K>> {
    return callMessage(this.socket!, siteRequests, name, request, this.o.requestTimeoutMs);
  }

  /** site-session.ts's loadBeforeJoin: the Device loaded with the hello's capabilities, and what the join then asks. */
  private async loadBeforeJoin(): Promise<RequestOf<SiteRequests, 'join'>['media'] | null> {
    const capabilities = this.routerCapabilities;
    if (!capabilities) return null;
    const device = await this.loadDevice(capabilities.rtpCapabilities);
    // The page's certificate (dtls-identity.ts): FakeHandler's transports all say these parameters.
    const ready = this.o.joinPath === 'ready' ? { ready: { dtlsParameters: { ...testFakeParameters.generateLocalDtlsParameters(), role: 'client' as const }, startConsumers: true } } : {};
    return { capabilitiesTag: capabilities.tag, rtpCapabilities: device.recvRtpCapabilities, send: true, ...ready };
  }

  private async loadDevice(routerRtpCapabilities: unknown): Promise<Device> {
    const device = new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) });
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    this.device = device;
    return device;
  }

  /** media-session.ts's adopt (or load and open) and sendLocalMedia (paused), in that order; or the per-request path. */
  private async setUpMedia(joined: ResponseOf<SiteRequests, 'join'>): Promise<void> {
    // Not opened with the join: the Device loaded with what the placed router offers.
    const device = joined.media ? this.device! : await this.loadDevice(joined.routerRtpCapabilities);
    let send: types.Transport;
    if (this.o.joinPath !== 'per-request') {
      const wanted = this.wanted(joined.program);
      const opened = joined.media ?? (await this.request('openMedia', { rtpCapabilities: device.recvRtpCapabilities, send: true, consume: wanted.map((t) => t.producerId) }));
      // As the page does: each transport's DTLS parameters ride with the request that needs it, or
      // went with the join (ready: connected, and the consumers started, by the node).
      const connecting = opened.ready ? 'preconnected' : 'bundled';
      this.recv = this.transport('recv', opened.recv, connecting);
      send = this.transport('send', opened.send!, connecting);
      await Promise.all(
        opened.consumers.map((params) => {
          this.consumed.add(params.producerId);
          return this.recv!.consume({ id: params.id, producerId: params.producerId, kind: params.kind, rtpParameters: params.rtpParameters as types.RtpParameters });
        }),
      );
      const connect = this.takeConnect(this.recv.id);
      if (opened.consumers.length && !opened.ready)
        await this.request('startConsumers', { consumers: opened.consumers.map((c) => ({ consumerId: c.id })), ...(connect && { connect: { transportId: this.recv.id, dtlsParameters: connect } }) });
      this.bundling.delete(this.recv.id); // later consumes connect on their own
    } else {
      this.recv = this.transport('recv', await this.request('createTransport', { direction: 'recv' }));
      send = this.transport('send', await this.request('createTransport', { direction: 'send' }));
    }
    // Batched, as the page does: each track answered at once with an id of its own, both sent in one
    // produceTracks after; otherwise one produce each.
    const collected: { kind: 'audio' | 'video'; rtpParameters: types.RtpParameters }[] = [];
    send.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      if (this.o.joinPath === 'batched' || this.o.joinPath === 'ready') {
        collected.push({ kind, rtpParameters });
        callback({ id: `local-${kind}` });
        return;
      }
      const dtlsParameters = this.takeConnect(send.id);
      this.request('produce', { transportId: send.id, kind, rtpParameters, ...(dtlsParameters && { dtlsParameters }) })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    const video = await send.produce({ track: new FakeMediaStreamTrack({ kind: 'video' }), encodings: videoEncodings, stopTracks: false, zeroRtpOnPause: true });
    const audio = await send.produce({ track: new FakeMediaStreamTrack({ kind: 'audio' }), stopTracks: false, zeroRtpOnPause: true });
    if (collected.length) {
      const dtlsParameters = this.takeConnect(send.id);
      await this.request('produceTracks', { transportId: send.id, tracks: collected, ...(dtlsParameters && { dtlsParameters }) });
    }
    // Nobody watches a site until the operator gives it the floor; the hall is always on air.
    for (const producer of [video, audio]) {
      if (this.o.hall) producer.resume();
      else producer.pause();
    }
    await this.consumeProgram(joined.program);
  }

  /** Transports whose 'connect' waits for the request that needs them connected (batched path). */
  private readonly bundling = new Set<string>();
  private readonly unsentConnects = new Map<string, types.DtlsParameters>();

  private takeConnect(transportId: string): types.DtlsParameters | undefined {
    const dtls = this.unsentConnects.get(transportId);
    this.unsentConnects.delete(transportId);
    return dtls;
  }

  /**
   * `connecting`: 'request' (a connectTransport of its own), 'bundled' (its parameters ride with the
   * request that first needs it) or 'preconnected' (the node connected it as it made it).
   */
  private transport(direction: 'send' | 'recv', params: WebRtcTransportParams, connecting: 'request' | 'bundled' | 'preconnected' = 'request'): types.Transport {
    const options = {
      id: params.id,
      iceParameters: params.iceParameters,
      iceCandidates: params.iceCandidates as types.IceCandidate[],
      dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      iceServers: [],
    };
    const transport = direction === 'send' ? this.device!.createSendTransport(options) : this.device!.createRecvTransport(options);
    if (connecting === 'bundled') this.bundling.add(transport.id);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      if (connecting === 'preconnected') {
        callback();
        return;
      }
      if (this.bundling.has(transport.id)) {
        this.unsentConnects.set(transport.id, dtlsParameters);
        callback();
        return;
      }
      this.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    return transport;
  }

  /** What the page receives of the program: every audio but its own, one camera (and the presentation). */
  private wanted(program: readonly ProgramTrack[]): ProgramTrack[] {
    return receivedTracks(program, { siteId: this.o.siteId, seesOwnVideo: this.o.hall });
  }

  /** Program changes (and the per-request join path): a consume and a resume per new track. */
  private async consumeProgram(program: readonly ProgramTrack[]): Promise<void> {
    for (const track of this.wanted(program)) {
      if (this.consumed.has(track.producerId)) continue;
      this.consumed.add(track.producerId);
      const params = await this.request('consume', {
        transportId: this.recv!.id,
        producerId: track.producerId,
        rtpCapabilities: this.device!.recvRtpCapabilities,
      });
      await this.recv!.consume({ id: params.id, producerId: params.producerId, kind: params.kind, rtpParameters: params.rtpParameters as types.RtpParameters });
      await this.request('resumeConsumer', { consumerId: params.id });
    }
  }

  /**
   * The browser's HealthReporter: a reading a second from a random phase, sent when it is news
   * (contracts' reportIsNews) or when a heartbeat (`pace`: contracts' healthHeartbeatMs, or the
   * rule before for the bench's baseline) passed since the last one sent.
   */
  private startHealth(): void {
    // A steady good link (what the console shows green); the hall also sends.
    const link = { rttMs: 40, inKbps: 900, lossPercent: 0, fps: 25, protocol: 'udp' } as const;
    const report = (): SiteHealthReport => ({ ...link, outKbps: this.o.hall ? 1_100 : 0, level: 'full', adapted: 'full', automatic: true });
    let lastSent: { report: SiteHealthReport; at: number } | null = null;
    setTimeout(() => {
      if (!this.joined || !this.socket?.connected) return;
      this.health = setInterval(() => {
        const next = report();
        const now = Date.now();
        if (lastSent && now - lastSent.at < this.o.pace.heartbeatMs && !reportIsNews(lastSent.report, next)) return;
        lastSent = { report: next, at: now };
        this.socket?.volatile.emit('reportHealth', next);
        this.o.tally.healthReports += 1;
      }, 1_000);
    }, Math.random() * 1_000);
  }
}
