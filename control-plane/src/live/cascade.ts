import type { WireRtpCapabilities } from '@lienthong/contracts';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';

interface RouterRef {
  routerId: string;
  rtpCapabilities: WireRtpCapabilities;
}
interface PipePair {
  upstreamTransportId: string;
  downstreamTransportId: string;
}

/**
 * The media fabric of one conference across nodes: its router on each node, the pipe between
 * each pair of nodes, and which producers have been carried down which pipe. Every piece is made
 * once, on first need; concurrent callers share the same promise, so a join storm cannot build
 * two routers or two pipes for the same place.
 */
export class Cascade {
  private readonly routers = new Map<string, Promise<RouterRef>>();
  private readonly pipes = new Map<string, Promise<PipePair>>();
  /** `${nodeId}/${producerId}` -> the producer is present on that node */
  private readonly carried = new Map<string, Promise<void>>();

  constructor(
    readonly conferenceId: string,
    private readonly fleet: NodeRegistry,
    private readonly logger: Logger,
  ) {}

  routerOn(nodeId: string): Promise<RouterRef> {
    return this.memo(this.routers, nodeId, async () => {
      const { routerId, rtpCapabilities } = await this.fleet.get(nodeId).call('createRouter', {
        conferenceId: this.conferenceId,
      });
      return { routerId, rtpCapabilities };
    });
  }

  /** Makes `producerId`, living on `homeNodeId`, consumable on `nodeId` (piping it if needed). */
  carry(producerId: string, homeNodeId: string, nodeId: string): Promise<void> {
    if (homeNodeId === nodeId) return Promise.resolve();
    return this.memo(this.carried, `${nodeId}/${producerId}`, async () => {
      const pipe = await this.pipeBetween(homeNodeId, nodeId);
      const up = this.fleet.get(homeNodeId);
      const down = this.fleet.get(nodeId);
      const { kind, rtpParameters, paused } = await up.call('pipeConsume', {
        transportId: pipe.upstreamTransportId,
        producerId,
      });
      await down.call('pipeProduce', { transportId: pipe.downstreamTransportId, producerId, kind, rtpParameters, paused });
      this.logger.info({ conferenceId: this.conferenceId, producerId, from: homeNodeId, to: nodeId }, 'producer piped');
    });
  }

  /** The producer ended at home: close its copies on other nodes (their consumers close too). */
  async dropCopies(producerId: string): Promise<void> {
    const copies = [...this.carried.keys()].filter((k) => k.endsWith(`/${producerId}`));
    await Promise.allSettled(
      copies.map(async (key) => {
        const nodeId = key.slice(0, key.indexOf('/'));
        const carried = this.carried.get(key);
        this.carried.delete(key);
        await carried;
        await this.fleet.get(nodeId).call('closeProducer', { producerId });
      }),
    );
  }

  /** A node left: nothing on it exists any more. */
  forgetNode(nodeId: string): void {
    this.routers.delete(nodeId);
    for (const key of [...this.pipes.keys()]) if (key.split('>').includes(nodeId)) this.pipes.delete(key);
    for (const key of [...this.carried.keys()]) if (key.startsWith(`${nodeId}/`)) this.carried.delete(key);
  }

  nodes(): string[] {
    return [...this.routers.keys()];
  }

  async close(): Promise<void> {
    const routers = [...this.routers.entries()];
    this.routers.clear();
    this.pipes.clear();
    this.carried.clear();
    await Promise.allSettled(
      routers.map(async ([nodeId, ref]) => this.fleet.get(nodeId).call('closeRouter', { routerId: (await ref).routerId })),
    );
  }

  private pipeBetween(upNodeId: string, downNodeId: string): Promise<PipePair> {
    return this.memo(this.pipes, `${upNodeId}>${downNodeId}`, async () => {
      const [upRouter, downRouter] = await Promise.all([this.routerOn(upNodeId), this.routerOn(downNodeId)]);
      const up = this.fleet.get(upNodeId);
      const down = this.fleet.get(downNodeId);
      const [upEnd, downEnd] = await Promise.all([
        up.call('createPipeTransport', { routerId: upRouter.routerId }),
        down.call('createPipeTransport', { routerId: downRouter.routerId }),
      ]);
      await Promise.all([
        up.call('connectPipeTransport', { transportId: upEnd.transportId, remote: downEnd.tuple }),
        down.call('connectPipeTransport', { transportId: downEnd.transportId, remote: upEnd.tuple }),
      ]);
      this.logger.info({ conferenceId: this.conferenceId, up: upNodeId, down: downNodeId }, 'pipe opened');
      return { upstreamTransportId: upEnd.transportId, downstreamTransportId: downEnd.transportId };
    });
  }

  /** Shares one in-flight promise per key; a failure is forgotten so the next caller retries. */
  private memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    const existing = map.get(key);
    if (existing) return existing;
    const made = make();
    map.set(key, made);
    made.catch(() => {
      if (map.get(key) === made) map.delete(key);
    });
    return made;
  }
}
