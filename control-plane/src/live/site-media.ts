import {
  LienthongError,
  nodeFeatures,
  type ConsumerStart,
  type MediaKind,
  type OpenedMedia,
  type PreferredLayers,
  type ReadyMedia,
  type TrackSource,
  type TransportConnect,
  type TransportTuple,
  type WireDtlsParameters,
  type WireRtpCapabilities,
  type WireRtpParameters,
} from '@lienthong/contracts';
import type { Logger } from '../logger.js';
import type { Cascade } from './cascade.js';
import type { Presence } from './presence-record.js';
import type { ProgramSync } from './program-sync.js';
import type { NodeCommander, RoomFleet } from './room-fleet.js';
import { checkPresenter, sourceOfProduced } from './room-presentation.js';
import type { RoomState } from './room-state.js';
import type { TransportDirection } from './session-limits.js';

/** A track a site asks to send; `dtlsParameters`: its send transport's, when this is its first track. */
export interface ProducedTrack {
  transportId: string;
  kind: MediaKind;
  rtpParameters: WireRtpParameters;
  source?: TrackSource;
  dtlsParameters?: WireDtlsParameters;
}

/** Tracks a site asks to send on one transport, connected first when `dtlsParameters` come along. */
export interface ProducedTracks {
  transportId: string;
  dtlsParameters?: WireDtlsParameters;
  tracks: Omit<ProducedTrack, 'transportId' | 'dtlsParameters'>[];
}

/** What a site's media operations tell the consoles' previews. */
export interface CameraWatchers {
  /** A site's camera appeared: consoles wanting it get it. */
  siteReady(siteId: string): void;
  /** A site's camera is gone. */
  siteGone(siteId: string): void;
}

/**
 * Every media operation a present site asks for, checked against what its session owns (its
 * transports, producers and consumers) and forwarded to its node; what the room must know of the
 * result (the objects made, the program) is kept in the room's state.
 */
export class SiteMedia {
  constructor(
    private readonly o: {
      conferenceId: string;
      state: RoomState;
      sync: ProgramSync;
      cascade: Cascade;
      fleet: RoomFleet;
      previews: CameraWatchers;
      logger: Logger;
    },
  ) {}

  /** One send and one receive transport per session: asking again replaces (the old one closes first). */
  async createTransport(siteId: string, sessionId: string, direction: TransportDirection = 'send') {
    const site = this.o.state.presence(siteId, sessionId);
    const replaced = site.limits.beginTransport(direction);
    let created: string | null = null;
    try {
      if (replaced && site.transports.delete(replaced)) await this.o.fleet.get(site.nodeId).call('closeTransport', { transportId: replaced });
      const { routerId } = await this.o.cascade.routerOn(site.router);
      const params = await this.o.fleet.get(site.nodeId).call('createWebRtcTransport', { routerId, peerId: siteId, direction });
      site.transports.add((created = params.id));
      return params;
    } finally {
      site.limits.endTransport(direction, created);
      this.o.state.touchSite(siteId);
    }
  }

  /**
   * A joined site's media in one node command: its receive transport, its send transport when
   * asked (both replace any it had, as `createTransport` does) and paused consumers of the
   * program tracks it names that are still in the program, each carried to its router first.
   * `startKbps`: where the node's estimate for the receive transport starts (a weak site's).
   * `ready`: made ready to use (`ReadyMedia`) where the node can; the answer's `ready` says so.
   */
  async openMedia(
    siteId: string,
    sessionId: string,
    request: { rtpCapabilities: WireRtpCapabilities; send: boolean; consume: readonly string[]; startKbps?: number | null; ready?: ReadyMedia },
  ): Promise<OpenedMedia> {
    const { state, cascade } = this.o;
    const site = state.presence(siteId, sessionId);
    const directions: TransportDirection[] = request.send ? ['recv', 'send'] : ['recv'];
    const begun: TransportDirection[] = [];
    let opened: OpenedMedia | null = null;
    try {
      const replaced: (string | undefined)[] = [];
      for (const direction of directions) {
        replaced.push(site.limits.beginTransport(direction));
        begun.push(direction);
      }
      const node = this.o.fleet.get(site.nodeId);
      for (const transportId of replaced) if (transportId && site.transports.delete(transportId)) await node.call('closeTransport', { transportId });
      // Consumers live on the receive transport: a replaced one took them all with it.
      if (replaced[0]) {
        for (const { producerId } of site.consumers.values()) site.limits.forget(producerId);
        site.consumers.clear();
      }
      const tracks = request.consume.filter((producerId) => state.program.has(producerId));
      for (const producerId of tracks) await cascade.carry(producerId, state.program.get(producerId)!.home, site.router);
      const { routerId } = await cascade.routerOn(site.router);
      const start = request.startKbps ? { startKbps: request.startKbps } : {};
      const ready = request.ready && node.supports(nodeFeatures.openReady) ? { ready: request.ready } : {};
      opened = await node.call('openSession', { routerId, peerId: siteId, send: request.send, rtpCapabilities: request.rtpCapabilities, producerIds: tracks, ...start, ...ready });
      site.transports.add(opened.recv.id);
      if (opened.send) site.transports.add(opened.send.id);
      for (const consumer of opened.consumers) {
        site.consumers.set(consumer.id, { producerId: consumer.producerId, kind: consumer.kind });
        site.limits.consumed(consumer.producerId, consumer.id);
      }
      return opened;
    } finally {
      for (const direction of begun) site.limits.endTransport(direction, (direction === 'recv' ? opened?.recv.id : opened?.send?.id) ?? null);
      state.touchSite(siteId);
    }
  }

  /** Starts the site's paused consumers (its browser has them now), each at its receive level's layer. */
  async startConsumers(siteId: string, sessionId: string, consumers: readonly ConsumerStart[]): Promise<void> {
    const site = this.o.state.presence(siteId, sessionId);
    for (const { consumerId } of consumers) if (!site.consumers.has(consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this site's`);
    await this.o.fleet.get(site.nodeId).call('startConsumers', { consumers: [...consumers] });
  }

  /**
   * A plain RTP transport on the site's router, for media outside WebRTC: a recorder's or test's
   * UDP sink consuming the program, or an encoder feeding the hall's program (comedia).
   */
  async createPlainTransport(siteId: string, sessionId: string, comedia: boolean) {
    const site = this.o.state.presence(siteId, sessionId);
    const { routerId } = await this.o.cascade.routerOn(site.router);
    const created = await this.o.fleet.get(site.nodeId).call('createPlainTransport', { routerId, comedia });
    site.transports.add(created.transportId);
    this.o.state.touchSite(siteId);
    return created;
  }

  async connectPlainTransport(siteId: string, sessionId: string, transportId: string, remote: TransportTuple) {
    const site = this.ownTransport(siteId, sessionId, transportId);
    await this.o.fleet.get(site.nodeId).call('connectPlainTransport', { transportId, remote });
  }

  async restartIce(siteId: string, sessionId: string, transportId: string) {
    const site = this.ownTransport(siteId, sessionId, transportId);
    return this.o.fleet.get(site.nodeId).call('restartIce', { transportId });
  }

  async connectTransport(siteId: string, sessionId: string, transportId: string, dtlsParameters: WireDtlsParameters) {
    const site = this.ownTransport(siteId, sessionId, transportId);
    await this.o.fleet.get(site.nodeId).call('connectWebRtcTransport', { transportId, dtlsParameters });
  }

  /**
   * Every site sends its camera and microphone (one of each), but its node forwards them only
   * while the site is in the program: the hall always, another site while it holds the floor.
   * A site in the program may add a presentation (a shared screen) while no other site presents.
   */
  async produce(siteId: string, sessionId: string, { transportId, kind, rtpParameters, source, dtlsParameters }: ProducedTrack) {
    const [producerId] = await this.produceTracks(siteId, sessionId, { transportId, dtlsParameters, tracks: [{ kind, rtpParameters, source }] });
    return producerId!;
  }

  /** A join's camera and microphone together (`produce`'s rules for each): the producers' ids in the tracks' order. */
  async produceTracks(siteId: string, sessionId: string, { transportId, dtlsParameters, tracks }: ProducedTracks): Promise<string[]> {
    const { state, sync } = this.o;
    const site = this.ownTransport(siteId, sessionId, transportId);
    const held = [...site.producers.values()].map((p) => p.source);
    const sources = tracks.map(({ kind, source }) => {
      const made = sourceOfProduced(kind, source);
      site.limits.checkProducer(held, made);
      held.push(made);
      return made;
    });
    if (sources.includes('presentation')) checkPresenter(siteId, sync.inProgram(siteId, site.role), state.programTracks());
    // Made as the stage wants it: most sites are outside the program and their node never forwards.
    const forwarding = sources.map((source) => sync.forwards(site, source));
    const made = tracks.map(({ kind, rtpParameters }, i) => ({ kind, rtpParameters, paused: !forwarding[i] }));
    const producerIds = await makeProducers(this.o.fleet.get(site.nodeId), transportId, dtlsParameters, made);
    producerIds.forEach((producerId, i) => site.producers.set(producerId, { kind: tracks[i]!.kind, source: sources[i]!, forwarding: forwarding[i]! }));
    state.touchSite(siteId);
    // A site outside the program and previews has nothing more to set up (and its stage did not change).
    if (forwarding.includes(true) || sync.inProgram(siteId, site.role)) await sync.syncSite(site);
    if (sources.includes('camera')) this.o.previews.siteReady(siteId);
    return producerIds;
  }

  /**
   * A site stops sending one of its tracks (the hall stops sharing its screen): it leaves the
   * program (sites drop their consumers first), then its copies along the tree and the producer close.
   */
  async stopProducing(siteId: string, sessionId: string, producerId: string): Promise<void> {
    const { state, cascade } = this.o;
    const site = state.presence(siteId, sessionId);
    const producer = site.producers.get(producerId);
    if (!producer) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not this site's`);
    site.producers.delete(producerId);
    state.touchSite(siteId);
    if (state.program.has(producerId)) {
      state.dropFromProgram(producerId);
      this.o.sync.programChanged();
    }
    if (producer.source === 'camera') this.o.previews.siteGone(siteId);
    const { routerId } = await cascade.routerOn(site.router);
    await cascade.dropCopies(producerId);
    await this.o.fleet.get(site.nodeId).call('closeProducer', { producerId, routerId });
    // Every consumer of it, on every router, closed with the producer and its copies.
    for (const other of state.sites.values()) {
      const gone = [...other.consumers].filter(([, c]) => c.producerId === producerId).map(([consumerId]) => consumerId);
      if (!gone.length) continue;
      for (const consumerId of gone) other.consumers.delete(consumerId);
      other.limits.forget(producerId);
      state.touchSite(other.siteId);
    }
    this.o.logger.info({ conferenceId: this.o.conferenceId, siteId, producerId, source: producer.source }, 'site stopped a track');
  }

  async consume(siteId: string, sessionId: string, transportId: string, producerId: string, rtpCapabilities: WireRtpCapabilities) {
    const { state } = this.o;
    const site = this.ownTransport(siteId, sessionId, transportId);
    const entry = state.program.get(producerId);
    if (!entry) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not in the program`);
    await this.o.cascade.carry(producerId, entry.home, site.router);
    const node = this.o.fleet.get(site.nodeId);
    const params = await node.call('consume', { transportId, producerId, rtpCapabilities });
    site.consumers.set(params.id, { producerId, kind: params.kind });
    // One consumer per program track: consuming it again (a retry) replaces the previous one.
    const previous = site.limits.consumed(producerId, params.id);
    state.touchSite(siteId);
    if (previous && site.consumers.delete(previous))
      await node.call('closeConsumer', { consumerId: previous }).catch((err: unknown) => this.o.logger.warn({ err, consumerId: previous }, 'could not close a replaced consumer'));
    return params;
  }

  async resumeConsumer(siteId: string, sessionId: string, consumerId: string) {
    await this.consumerNode(siteId, sessionId, consumerId).call('resumeConsumer', { consumerId });
  }

  /** A site's receive setting "audio only": its node stops (or restarts) forwarding the consumer. */
  async setConsumerPaused(siteId: string, sessionId: string, consumerId: string, paused: boolean) {
    await this.consumerNode(siteId, sessionId, consumerId).call(paused ? 'pauseConsumer' : 'resumeConsumer', { consumerId });
  }

  /** A site's receive setting "low bandwidth": a lower simulcast layer of one of its consumers. */
  async setPreferredLayers(siteId: string, sessionId: string, consumerId: string, layers: PreferredLayers) {
    await this.consumerNode(siteId, sessionId, consumerId).call('setConsumerPreferredLayers', { consumerId, ...layers });
  }

  /** The node of a consumer the session owns (else NOT_FOUND). */
  private consumerNode(siteId: string, sessionId: string, consumerId: string) {
    const site = this.o.state.presence(siteId, sessionId);
    if (!site.consumers.has(consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this site's`);
    return this.o.fleet.get(site.nodeId);
  }

  /** The site's presence, if the transport is its session's (else NOT_FOUND). */
  private ownTransport(siteId: string, sessionId: string, transportId: string): Presence {
    const site = this.o.state.presence(siteId, sessionId);
    if (!site.transports.has(transportId)) throw new LienthongError('NOT_FOUND', `transport ${transportId} is not this site's`);
    return site;
  }
}

/**
 * `startConsumers` on a site's node, its transport connected by the same command where the node
 * can (a join's one command instead of two), else by a `connectWebRtcTransport` first.
 */
export async function startConsumersOn(node: Pick<NodeCommander, 'call' | 'supports'>, consumers: ConsumerStart[], connect?: TransportConnect): Promise<void> {
  const along = await carriesConnect(node, connect);
  await node.call('startConsumers', { consumers, ...(along ? { connect } : {}) });
}

/**
 * Makes a site's tracks on its node: one command for them all where the node can, else one each
 * (a node of the version before, during a rolling update), the transport connected with the first.
 */
async function makeProducers(
  node: Pick<NodeCommander, 'call' | 'supports'>,
  transportId: string,
  dtlsParameters: WireDtlsParameters | undefined,
  tracks: { kind: MediaKind; rtpParameters: WireRtpParameters; paused: boolean }[],
): Promise<string[]> {
  if (tracks.length > 1 && node.supports(nodeFeatures.produceTracks))
    return (await node.call('produceTracks', { transportId, tracks, ...(dtlsParameters && { dtlsParameters }) })).producerIds;
  const along = await carriesConnect(node, dtlsParameters && { transportId, dtlsParameters });
  const producerIds: string[] = [];
  // A track refused here leaves those before it on the node, paused, until the transport closes
  // (the page fails the join and its new join replaces the transport).
  for (const [i, track] of tracks.entries()) {
    const { producerId } = await node.call('produce', { transportId, ...track, ...(along && i === 0 ? { dtlsParameters } : {}) });
    producerIds.push(producerId);
  }
  return producerIds;
}

/**
 * Whether `node` connects the transport with the command that first uses it (then the caller sends
 * the DTLS parameters along); a node that cannot has it connected here first. False without a connect.
 */
async function carriesConnect(node: Pick<NodeCommander, 'call' | 'supports'>, connect: TransportConnect | undefined): Promise<boolean> {
  if (!connect) return false;
  if (node.supports(nodeFeatures.connectWithFirstUse)) return true;
  await node.call('connectWebRtcTransport', connect);
  return false;
}
