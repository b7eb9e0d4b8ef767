import {
  LienthongError,
  type ConsumerParams,
  type WireDtlsParameters,
  type WireRtpCapabilities,
  type WebRtcTransportParams,
} from '@lienthong/contracts';
import type { Logger } from '../logger.js';
import type { RouterKey } from '../planner/model.js';
import type { NodeCommander } from './room-fleet.js';

/** How a room's previews reach one console without knowing about socket.io. */
export interface PreviewOutput {
  started(siteId: string, consumer: ConsumerParams): void;
  stopped(siteId: string): void;
  /** The console's receiver is gone with its media node: it must open the previews again. */
  lost(): void;
}

/** Where a console's receiver is served. */
export interface ViewerPlace {
  router: RouterKey;
  nodeId: string;
  routerId: string;
  rtpCapabilities: WireRtpCapabilities;
}

/** What previews ask of their room: placements, cameras and carrying, never its plan, cascade or fleet. */
export interface PreviewRoom {
  readonly conferenceId: string;
  readonly logger: Logger;
  /** Places a console's receiver near its operator's unit and readies its router; null when no node can take it. */
  placeViewer(viewerId: string, ancestry: readonly string[]): Promise<ViewerPlace | null>;
  /** Takes a console's receiver out of the plan. */
  removeViewer(viewerId: string): void;
  /** The node serving a receiver. */
  node(nodeId: string): NodeCommander;
  /** Whether the worker behind the router is above the hot mark. */
  isHot(router: RouterKey): boolean;
  /** Makes a camera consumable on router `to`, carried hop by hop from `from`. */
  carry(producerId: string, from: RouterKey, to: RouterKey): Promise<void>;
  /** Closes a camera's copies along the tree. */
  dropCopies(producerId: string): Promise<void>;
  /** The present site's camera and the router it is produced on; null while it sends none. */
  videoOf(siteId: string): { producerId: string; router: RouterKey } | null;
  inProgram(siteId: string): boolean;
  /** Whether anyone watches the site changed: its node and browser start or stop sending its camera. */
  watchChanged(siteId: string): Promise<void>;
}

interface Viewer {
  viewerId: string;
  router: RouterKey;
  nodeId: string;
  routerId: string;
  transportId: string | null;
  rtpCapabilities: WireRtpCapabilities | null;
  wanted: ReadonlySet<string>;
  /** Sites no longer wanted whose camera may have been resumed for this viewer: settled by the next reconciliation. */
  dropped: Set<string>;
  shown: Map<string, { consumerId: string; producerId: string }>;
  output: PreviewOutput;
  /** Reconciliations run one after the other. */
  queue: Promise<void>;
}

/** The lowest simulcast layer: a thumbnail never needs more. */
const thumbnailLayers = { spatialLayer: 0 } as const;
/** How often the consoles' workers are checked for heat: a heartbeat's pace. */
const heatCheckMs = 1000;

/**
 * The on-demand thumbnails of one conference's consoles. Each console (a viewer) gets a receive
 * transport on a router the planner picks for its operator's unit, states which sites it wants,
 * and this reconciles: a wanted site's camera is resumed at its node, carried to the viewer's
 * router along the cascade and consumed there at its lowest layer; a site nobody wants any more
 * is paused again and, outside the program, its copies along the tree close.
 */
export class RoomPreviews {
  private readonly viewers = new Map<string, Viewer>();
  /** Receivers being placed: the room must not be released under them. */
  private opening = 0;
  /** Viewers whose worker is hot: thumbnails are the first load shed, until it cools down. */
  private readonly shed = new Set<string>();
  private heatCheck?: NodeJS.Timeout;

  constructor(private readonly host: PreviewRoom) {}

  has(viewerId: string): boolean {
    return this.viewers.has(viewerId);
  }

  get size(): number {
    return this.viewers.size + this.opening;
  }

  /** Resolves when every reconciliation asked for so far has run (tests, and a clean shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.viewers.values()].map((v) => v.queue));
  }

  /** Whether some console able to receive (it has a transport) wants the site's picture now. */
  watches(siteId: string): boolean {
    for (const viewer of this.viewers.values()) if (viewer.transportId && viewer.wanted.has(siteId)) return true;
    return false;
  }

  /** Places a console's receiver (replacing one it had); answers the router's codecs. */
  async open(viewerId: string, ancestry: readonly string[], output: PreviewOutput): Promise<WireRtpCapabilities> {
    this.opening += 1;
    try {
      if (this.viewers.has(viewerId)) await this.close(viewerId);
      return await this.place(viewerId, ancestry, output);
    } finally {
      this.opening -= 1;
    }
  }

  private async place(viewerId: string, ancestry: readonly string[], output: PreviewOutput): Promise<WireRtpCapabilities> {
    const place = await this.host.placeViewer(viewerId, ancestry);
    if (!place) throw new LienthongError('NO_MEDIA_NODE', 'No media node can take the thumbnails now');
    this.viewers.set(viewerId, {
      viewerId,
      router: place.router,
      nodeId: place.nodeId,
      routerId: place.routerId,
      transportId: null,
      rtpCapabilities: null,
      wanted: new Set(),
      dropped: new Set(),
      shown: new Map(),
      output,
      queue: Promise.resolve(),
    });
    this.heatCheck ??= setInterval(() => this.checkHeat(), heatCheckMs).unref();
    return place.rtpCapabilities;
  }

  async createTransport(viewerId: string, rtpCapabilities: WireRtpCapabilities): Promise<WebRtcTransportParams> {
    const viewer = this.viewer(viewerId);
    const node = this.host.node(viewer.nodeId);
    if (viewer.transportId) {
      // A second transport replaces the first: its consumers go with it.
      void node.call('closeTransport', { transportId: viewer.transportId }).catch(() => {});
      for (const siteId of viewer.shown.keys()) viewer.output.stopped(siteId);
      viewer.shown.clear();
    }
    const params = await node.call('createWebRtcTransport', { routerId: viewer.routerId, peerId: viewerId });
    viewer.transportId = params.id;
    viewer.rtpCapabilities = rtpCapabilities;
    this.reconcile(viewer);
    return params;
  }

  async connectTransport(viewerId: string, dtlsParameters: WireDtlsParameters): Promise<void> {
    const viewer = this.viewer(viewerId);
    if (!viewer.transportId) throw new LienthongError('CONFLICT', 'No preview transport was created');
    await this.host.node(viewer.nodeId).call('connectWebRtcTransport', { transportId: viewer.transportId, dtlsParameters });
  }

  /** The sites the console shows now (already checked against its scope). */
  want(viewerId: string, siteIds: readonly string[]): void {
    const viewer = this.viewer(viewerId);
    const wanted = new Set(siteIds);
    for (const siteId of viewer.wanted) if (!wanted.has(siteId)) viewer.dropped.add(siteId);
    viewer.wanted = wanted;
    this.reconcile(viewer);
  }

  async resume(viewerId: string, consumerId: string): Promise<void> {
    const viewer = this.viewer(viewerId);
    if (![...viewer.shown.values()].some((s) => s.consumerId === consumerId)) throw new LienthongError('NOT_FOUND', `consumer ${consumerId} is not this console's`);
    await this.host.node(viewer.nodeId).call('resumeConsumer', { consumerId });
  }

  /** The console closed its previews or went away. */
  async close(viewerId: string): Promise<void> {
    const viewer = this.viewers.get(viewerId);
    if (!viewer) return;
    this.forget(viewerId);
    await viewer.queue;
    if (viewer.transportId) await this.host.node(viewer.nodeId).call('closeTransport', { transportId: viewer.transportId }).catch(() => {});
    this.host.removeViewer(viewer.viewerId);
    await Promise.allSettled([...viewer.wanted, ...viewer.dropped].map((siteId) => this.unwatched(siteId)));
  }

  /** A wanted site's camera appeared (it joined or rejoined): the consoles wanting it get it. */
  siteReady(siteId: string): void {
    for (const viewer of this.viewers.values()) if (viewer.wanted.has(siteId)) this.reconcile(viewer);
  }

  /** A site left: its camera and every copy are gone; consoles still wanting it get it back when it returns. */
  siteGone(siteId: string): void {
    for (const viewer of this.viewers.values()) {
      if (viewer.shown.delete(siteId)) viewer.output.stopped(siteId);
    }
  }

  /** Routers were lost: consoles received there must open again. */
  routersLost(lost: ReadonlySet<RouterKey>): void {
    for (const viewer of [...this.viewers.values()]) {
      if (!lost.has(viewer.router)) continue;
      this.forget(viewer.viewerId);
      this.host.removeViewer(viewer.viewerId);
      viewer.output.lost();
      // Until the console opens again, nobody receives what it wanted: those cameras stop.
      for (const siteId of viewer.wanted)
        void this.unwatched(siteId).catch((err: unknown) => this.host.logger.warn({ err, siteId }, 'could not stop a camera nobody watches'));
    }
  }

  /**
   * Sheds the thumbnails of consoles received on a worker above the hot mark (they close; the
   * console keeps wanting them) and brings them back once it has cooled down.
   */
  checkHeat(): void {
    for (const viewer of this.viewers.values()) {
      const hot = this.host.isHot(viewer.router);
      if (hot === this.shed.has(viewer.viewerId)) continue;
      if (hot) this.shed.add(viewer.viewerId);
      else this.shed.delete(viewer.viewerId);
      this.host.logger.warn({ conferenceId: this.host.conferenceId, viewerId: viewer.viewerId, router: viewer.router, hot }, hot ? 'worker hot: thumbnails shed' : 'worker cooled: thumbnails back');
      this.reconcile(viewer);
    }
  }

  private forget(viewerId: string): void {
    this.viewers.delete(viewerId);
    this.shed.delete(viewerId);
    if (this.viewers.size === 0) {
      clearInterval(this.heatCheck);
      this.heatCheck = undefined;
    }
  }

  private reconcile(viewer: Viewer): void {
    viewer.queue = viewer.queue
      .then(() => this.apply(viewer))
      .catch((err: unknown) => this.host.logger.warn({ err, conferenceId: this.host.conferenceId, viewerId: viewer.viewerId }, 'previews not applied'));
  }

  private async apply(viewer: Viewer): Promise<void> {
    if (this.viewers.get(viewer.viewerId) !== viewer) return;
    const shed = this.shed.has(viewer.viewerId);
    for (const [siteId, { consumerId }] of [...viewer.shown]) {
      if (viewer.wanted.has(siteId) && !shed) continue;
      viewer.shown.delete(siteId);
      viewer.output.stopped(siteId);
      await this.settle(viewer, siteId, () => this.host.node(viewer.nodeId).call('closeConsumer', { consumerId }));
    }
    // Every site dropped from the wish, shown or not (a failed show may have resumed its camera).
    for (const siteId of [...viewer.dropped]) {
      viewer.dropped.delete(siteId);
      if (!viewer.wanted.has(siteId)) await this.settle(viewer, siteId, () => this.unwatched(siteId));
    }
    if (!viewer.transportId || !viewer.rtpCapabilities || shed) return;
    for (const siteId of viewer.wanted) {
      if (!viewer.shown.has(siteId)) await this.settle(viewer, siteId, () => this.show(viewer, siteId));
    }
  }

  /** Carries the site's camera to the viewer's router and consumes it there (paused until the console resumes it). */
  private async show(viewer: Viewer, siteId: string): Promise<void> {
    const video = this.host.videoOf(siteId);
    const { transportId, rtpCapabilities } = viewer;
    if (!video || !transportId || !rtpCapabilities) return;
    const node = this.host.node(viewer.nodeId);
    await this.host.watchChanged(siteId);
    await this.host.carry(video.producerId, video.router, viewer.router);
    const consumer = await node.call('consume', { transportId, producerId: video.producerId, rtpCapabilities });
    await node.call('setConsumerPreferredLayers', { consumerId: consumer.id, ...thumbnailLayers });
    // The site may have left (or the console changed its mind) while this was being built.
    if (this.host.videoOf(siteId)?.producerId !== video.producerId || !viewer.wanted.has(siteId) || viewer.transportId !== transportId) {
      await node.call('closeConsumer', { consumerId: consumer.id });
      return;
    }
    viewer.shown.set(siteId, { consumerId: consumer.id, producerId: video.producerId });
    viewer.output.started(siteId, consumer);
  }

  /** One site's failure is logged and does not hold up the others. */
  private async settle(viewer: Viewer, siteId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.host.logger.warn({ err, conferenceId: this.host.conferenceId, viewerId: viewer.viewerId, siteId }, 'preview not applied');
    }
  }

  /** Nobody may want the site any more: stop its camera, and outside the program close its copies. */
  private async unwatched(siteId: string): Promise<void> {
    if (this.watches(siteId)) return;
    await this.host.watchChanged(siteId);
    const video = this.host.videoOf(siteId);
    if (video && !this.host.inProgram(siteId) && !this.watches(siteId)) await this.host.dropCopies(video.producerId);
  }

  private viewer(viewerId: string): Viewer {
    const viewer = this.viewers.get(viewerId);
    if (!viewer) throw new LienthongError('CONFLICT', 'Open the previews first');
    return viewer;
  }
}
