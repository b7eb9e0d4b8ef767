import {
  callMessage,
  LienthongError,
  nodeCommands,
  type CallingSocket,
  type MediaNode,
  type NodeCommands,
  type NodeFeature,
  type RequestOf,
  type ResponseOf,
  type RouterCapabilities,
  type WorkerLoad,
} from '@lienthong/contracts';
import { EventEmitter } from 'node:events';
import { sharedRouterCapabilities } from './router-capabilities.js';
import { noMetrics, type MetricEvents } from '../metrics/metric-events.js';

type CommandObserver = Pick<MetricEvents, 'nodeCommand'>;

/** A connected media node, as the control plane sees it, and the way to command it. */
export class MediaNodeHandle {
  workers: WorkerLoad[];
  lastSeenAt = new Date();
  readonly connectedAt = new Date();
  /** Where each command's duration and failure go; the registry sets it when the node is added. */
  commandObserver: CommandObserver = noMetrics;
  /** Rejects when the node leaves, so commands in flight fail at once instead of timing out. */
  private readonly gone: Promise<never>;
  private markGone!: (reason: LienthongError) => void;

  constructor(
    readonly nodeId: string,
    readonly announcedIp: string,
    readonly localityTags: string[],
    workerCount: number,
    /** Consumers one of its workers carries loss-free, as the node reported it. */
    readonly consumersPerWorker: number,
    private readonly socket: CallingSocket,
    /** What its commands accept beyond the oldest nodes' (`nodeFeatures`), as it registered. */
    private readonly features: ReadonlySet<string> = new Set(),
    /** What every router it makes offers, as it registered (null: a node from before it said). */
    readonly routerCapabilities: RouterCapabilities | null = null,
  ) {
    this.gone = new Promise<never>((_, reject) => (this.markGone = reject));
    this.gone.catch(() => undefined);
    this.workers = Array.from({ length: workerCount }, (_, index) => ({
      index,
      routers: 0,
      transports: 0,
      producers: 0,
      consumers: 0,
      bitrateIn: 0,
      bitrateOut: 0,
      cpu: 0,
      restarts: 0,
    }));
  }

  supports(feature: NodeFeature): boolean {
    return this.features.has(feature);
  }

  /** Sends one command and waits for its typed answer. */
  call<K extends Extract<keyof NodeCommands, string>>(name: K, request: RequestOf<NodeCommands, K>) {
    const started = performance.now();
    const answer = Promise.race([callMessage(this.socket, nodeCommands, name, request), this.gone]).catch((err: unknown) => {
      if (err instanceof LienthongError && err.code === 'INTERNAL')
        throw new LienthongError('MEDIA_NODE_FAILED', `node ${this.nodeId}: ${err.message}`);
      throw err;
    }) as Promise<ResponseOf<NodeCommands, K>>;
    const done = (error: unknown) =>
      this.commandObserver.nodeCommand(name, (performance.now() - started) / 1000, error === null ? null : error instanceof LienthongError ? error.code : 'INTERNAL');
    answer.then(() => done(null), done);
    return answer;
  }

  /** The node left (disconnected or cut off): fail everything still waiting on it. */
  close(): void {
    this.markGone(new LienthongError('NO_MEDIA_NODE', `media node ${this.nodeId} is gone`));
  }

  get consumers(): number {
    return this.workers.reduce((n, w) => n + w.consumers, 0);
  }

  toWire(): MediaNode {
    return {
      nodeId: this.nodeId,
      announcedIp: this.announcedIp,
      localityTags: this.localityTags,
      consumersPerWorker: this.consumersPerWorker,
      workers: this.workers,
      connectedAt: this.connectedAt.toISOString(),
      lastSeenAt: this.lastSeenAt.toISOString(),
    };
  }
}

interface RegistryEvents {
  nodeUp: [MediaNodeHandle];
  nodeDown: [MediaNodeHandle];
  /** One worker of a live node was replaced; the routers it held are gone. */
  workerRestarted: [MediaNodeHandle, number];
}

/** The live media nodes connected to this control-plane replica. */
export class NodeRegistry extends EventEmitter<RegistryEvents> {
  private readonly nodes = new Map<string, MediaNodeHandle>();
  private readonly startedAt = Date.now();

  constructor(
    /**
     * After a control-plane (re)start the nodes reconnect within a few seconds while sites already
     * rejoin: during this window a join waits for the node its plan names (or for any node)
     * instead of being refused, so a restart does not push thousands of sites into back-off.
     */
    private readonly startupGraceMs = 10_000,
    private readonly commandObserver: CommandObserver = noMetrics,
  ) {
    super();
  }

  /** Within the startup window: resolves once `nodeId` (or any node, if none is named) is connected, or the window ends. */
  async awaitStartup(nodeId?: string): Promise<void> {
    const ready = () => (nodeId ? this.nodes.has(nodeId) : this.nodes.size > 0);
    const left = this.startedAt + this.startupGraceMs - Date.now();
    if (ready() || left <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('nodeUp', onUp);
        resolve();
      };
      const onUp = () => ready() && done();
      const timer = setTimeout(done, left);
      this.on('nodeUp', onUp);
    });
  }

  add(node: MediaNodeHandle): void {
    const previous = this.nodes.get(node.nodeId);
    if (previous) this.remove(previous);
    node.commandObserver = this.commandObserver;
    this.nodes.set(node.nodeId, node);
    this.emit('nodeUp', node);
  }

  remove(node: MediaNodeHandle): void {
    if (this.nodes.get(node.nodeId) !== node) return;
    this.nodes.delete(node.nodeId);
    node.close();
    this.emit('nodeDown', node);
  }

  workerRestarted(node: MediaNodeHandle, workerIndex: number): void {
    if (this.nodes.get(node.nodeId) === node) this.emit('workerRestarted', node, workerIndex);
  }

  get(nodeId: string): MediaNodeHandle {
    const node = this.nodes.get(nodeId);
    if (!node) throw new LienthongError('NO_MEDIA_NODE', `media node ${nodeId} is not connected`);
    return node;
  }

  has(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  list(): MediaNodeHandle[] {
    return [...this.nodes.values()];
  }

  /** What every connected node's routers offer, when they agree (see `sharedRouterCapabilities`). */
  sharedRouterCapabilities(): RouterCapabilities | undefined {
    return sharedRouterCapabilities(this.nodes.values());
  }
}
