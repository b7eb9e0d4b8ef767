import {
  LienthongError,
  type MediaKind,
  type PreferredLayers,
  type ProgramTrack,
  type SiteRole,
  type WireDtlsParameters,
  type WireRtpCapabilities,
  type WireRtpParameters,
} from '@lienthong/contracts';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';
import { chooseNode } from '../planner/placement.js';
import { Cascade } from './cascade.js';

export interface SiteIdentity {
  siteId: string;
  siteName: string;
  unitName: string;
  role: SiteRole;
  /** unit codes from the root of the tree down to the site's own unit */
  unitAncestry: string[];
  /** delegates present in the site's hall, as the site reported on joining */
  delegates?: number | null;
}

interface Presence extends SiteIdentity {
  sessionId: string;
  nodeId: string;
  transports: Set<string>;
  producers: Set<string>;
  consumers: Map<string, { producerId: string; kind: MediaKind }>;
}

interface ProgramEntry {
  track: ProgramTrack;
  homeNodeId: string;
}

export type RoomBroadcast = (event: 'programChanged', payload: { program: ProgramTrack[] }) => void;

/**
 * One live conference on this control-plane replica: which sites are present on which node, the
 * program everyone receives, and every media operation a site asks for, checked against what the
 * site owns. The media itself is the SFU nodes'; the cross-node plumbing is the Cascade's.
 */
export class ConferenceRoom {
  private readonly sites = new Map<string, Presence>();
  private readonly program = new Map<string, ProgramEntry>();
  private readonly cascade: Cascade;

  constructor(
    readonly conferenceId: string,
    private readonly fleet: NodeRegistry,
    private readonly logger: Logger,
    private readonly broadcast: RoomBroadcast,
  ) {
    this.cascade = new Cascade(conferenceId, fleet, logger);
  }

  /** Places the site on a node and readies its router; a previous session of the site is replaced. */
  async admit(identity: SiteIdentity, sessionId: string) {
    const previous = this.sites.get(identity.siteId);
    if (previous) await this.leave(identity.siteId, previous.sessionId);
    const nodeId = chooseNode(
      identity.unitAncestry,
      this.fleet.list().map((n) => ({
        nodeId: n.nodeId,
        localityTags: n.localityTags,
        workers: n.workers.length,
        consumers: n.consumers,
      })),
    );
    if (!nodeId) throw new LienthongError('NO_MEDIA_NODE');
    const router = await this.cascade.routerOn(nodeId);
    this.sites.set(identity.siteId, {
      ...identity,
      sessionId,
      nodeId,
      transports: new Set(),
      producers: new Set(),
      consumers: new Map(),
    });
    this.logger.info({ conferenceId: this.conferenceId, siteId: identity.siteId, nodeId }, 'site placed');
    return { nodeId, routerRtpCapabilities: router.rtpCapabilities, program: this.programTracks(), replaced: previous?.sessionId };
  }

  async createTransport(siteId: string, sessionId: string) {
    const site = this.presence(siteId, sessionId);
    const { routerId } = await this.cascade.routerOn(site.nodeId);
    const params = await this.fleet.get(site.nodeId).call('createWebRtcTransport', { routerId, peerId: siteId });
    site.transports.add(params.id);
    return params;
  }

  async connectTransport(siteId: string, sessionId: string, transportId: string, dtlsParameters: WireDtlsParameters) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    await this.fleet.get(site.nodeId).call('connectWebRtcTransport', { transportId, dtlsParameters });
  }

  /** Only the hall sends into the program for now; the floor for other sites comes with floor control. */
  async produce(siteId: string, sessionId: string, transportId: string, kind: MediaKind, rtpParameters: WireRtpParameters) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    if (site.role !== 'hall') throw new LienthongError('FORBIDDEN', 'Only the hall sends into the program until it gives the floor');
    const { producerId } = await this.fleet.get(site.nodeId).call('produce', { transportId, kind, rtpParameters });
    site.producers.add(producerId);
    this.program.set(producerId, { track: { producerId, kind, siteId, siteName: site.siteName, unitName: site.unitName }, homeNodeId: site.nodeId });
    this.broadcast('programChanged', { program: this.programTracks() });
    return producerId;
  }

  async consume(siteId: string, sessionId: string, transportId: string, producerId: string, rtpCapabilities: WireRtpCapabilities) {
    const site = this.presence(siteId, sessionId);
    this.ownTransport(site, transportId);
    const entry = this.program.get(producerId);
    if (!entry) throw new LienthongError('NOT_FOUND', `producer ${producerId} is not in the program`);
    await this.cascade.carry(producerId, entry.homeNodeId, site.nodeId);
    const params = await this.fleet.get(site.nodeId).call('consume', { transportId, producerId, rtpCapabilities });
    site.consumers.set(params.id, { producerId, kind: params.kind });
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

  /** The site's session ended: its transports close on its node, its tracks leave the program. */
  async leave(siteId: string, sessionId: string): Promise<void> {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) return;
    this.sites.delete(siteId);
    const left = [...this.program.values()].filter((e) => e.track.siteId === siteId);
    for (const e of left) this.program.delete(e.track.producerId);
    if (left.length) this.broadcast('programChanged', { program: this.programTracks() });
    const node = this.fleet.list().find((n) => n.nodeId === site.nodeId);
    await Promise.allSettled([
      ...[...site.transports].map((transportId) => node?.call('closeTransport', { transportId })),
      ...left.map((e) => this.cascade.dropCopies(e.track.producerId)),
    ]);
    this.logger.info({ conferenceId: this.conferenceId, siteId }, 'site left');
  }

  /** A node is gone: forget its media; returns the sessions that were on it (they must rejoin). */
  nodeLost(nodeId: string): string[] {
    this.cascade.forgetNode(nodeId);
    const lost = [...this.sites.values()].filter((s) => s.nodeId === nodeId);
    for (const s of lost) this.sites.delete(s.siteId);
    const gone = [...this.program.values()].filter((e) => e.homeNodeId === nodeId);
    for (const e of gone) this.program.delete(e.track.producerId);
    if (gone.length) this.broadcast('programChanged', { program: this.programTracks() });
    return lost.map((s) => s.sessionId);
  }

  /** Where each present site is served, and what it consumes (for the console and diagnostics). */
  snapshot() {
    return [...this.sites.values()].map((s) => ({
      siteId: s.siteId,
      nodeId: s.nodeId,
      delegates: s.delegates ?? null,
      consumers: [...s.consumers].map(([consumerId, c]) => ({ consumerId, ...c })),
    }));
  }

  get isEmpty(): boolean {
    return this.sites.size === 0;
  }

  close(): Promise<void> {
    return this.cascade.close();
  }

  private programTracks(): ProgramTrack[] {
    return [...this.program.values()].map((e) => e.track);
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
