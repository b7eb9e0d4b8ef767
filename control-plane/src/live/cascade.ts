import type { WireRtpCapabilities } from '@lienthong/contracts';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';
import type { RouterKey } from '../planner/model.js';
import type { CascadePlan } from '../planner/plan.js';

interface RouterRef {
  routerId: string;
  nodeId: string;
  rtpCapabilities: WireRtpCapabilities;
}
interface PipePair {
  parentTransportId: string;
  childTransportId: string;
}

/**
 * The media fabric of one conference as its plan lays it out: a router per planned (node,
 * worker), a pipe per tree edge, and which producers have been carried to which router, hop by
 * hop along the tree. Every piece is made once, on first need; concurrent callers share the same
 * promise, so a join storm cannot build two routers or two pipes for the same place.
 */
export class Cascade {
  private readonly routers = new Map<RouterKey, Promise<RouterRef>>();
  /** `${parent}>${child}` -> the pipe on that tree edge */
  private readonly pipes = new Map<string, Promise<PipePair>>();
  /** `${routerKey}|${producerId}` -> the producer is present on that router */
  private readonly carried = new Map<string, Promise<void>>();

  constructor(
    readonly conferenceId: string,
    private readonly fleet: NodeRegistry,
    private readonly plan: CascadePlan,
    private readonly logger: Logger,
  ) {}

  routerOn(key: RouterKey): Promise<RouterRef> {
    return this.memo(this.routers, key, async () => {
      const { nodeId, workerIndex } = this.plan.router(key);
      const { routerId, rtpCapabilities } = await this.fleet.get(nodeId).call('createRouter', {
        conferenceId: this.conferenceId,
        workerIndex,
      });
      return { routerId, nodeId, rtpCapabilities };
    });
  }

  /** Makes `producerId`, living on router `home`, consumable on router `to`, one hop at a time. */
  async carry(producerId: string, home: RouterKey, to: RouterKey): Promise<void> {
    const path = this.plan.pathBetween(home, to);
    for (let i = 1; i < path.length; i++) await this.hop(producerId, path[i - 1]!, path[i]!);
  }

  /** The producer ended at home: close its copies on every router (their consumers close too). */
  async dropCopies(producerId: string): Promise<void> {
    const copies = [...this.carried.keys()].filter((k) => k.endsWith(`|${producerId}`));
    await Promise.allSettled(
      copies.map(async (key) => {
        const routerKey = key.slice(0, key.indexOf('|'));
        const carried = this.carried.get(key);
        this.carried.delete(key);
        await carried;
        const router = await this.routers.get(routerKey);
        if (router) await this.fleet.get(router.nodeId).call('closeProducer', { producerId, routerId: router.routerId });
      }),
    );
  }

  /**
   * Routers whose media cannot be trusted any more (their node died, or they were cut off from
   * the tree): closed where their node still answers, and forgotten with every pipe and copy
   * touching them. Their sites rebuild through them on rejoin.
   */
  async discard(keys: Iterable<RouterKey>): Promise<void> {
    const gone = new Set(keys);
    const closing: Promise<unknown>[] = [];
    for (const [edge, pipe] of [...this.pipes]) {
      const [parent, child] = edge.split('>') as [RouterKey, RouterKey];
      if (!gone.has(parent) && !gone.has(child)) continue;
      this.pipes.delete(edge);
      // The surviving end's transport would otherwise linger on its node.
      const survivor = gone.has(parent) ? (gone.has(child) ? undefined : child) : parent;
      if (survivor) closing.push(this.closeEnd(survivor, pipe, survivor === parent));
    }
    for (const key of [...this.carried.keys()]) if (gone.has(key.slice(0, key.indexOf('|')))) this.carried.delete(key);
    for (const key of gone) {
      const router = this.routers.get(key);
      this.routers.delete(key);
      if (router) closing.push(router.then((r) => this.fleet.get(r.nodeId).call('closeRouter', { routerId: r.routerId })));
    }
    await Promise.allSettled(closing);
  }

  keys(): RouterKey[] {
    return [...this.routers.keys()];
  }

  async close(): Promise<void> {
    await this.discard([...this.routers.keys()]);
  }

  private hop(producerId: string, from: RouterKey, to: RouterKey): Promise<void> {
    return this.memo(this.carried, `${to}|${producerId}`, async () => {
      const downward = this.plan.router(to).parent === from;
      const pipe = downward ? await this.pipe(from, to) : await this.pipe(to, from);
      const [source, sink] = [await this.routerOn(from), await this.routerOn(to)];
      const { kind, rtpParameters } = await this.fleet.get(source.nodeId).call('pipeConsume', {
        transportId: downward ? pipe.parentTransportId : pipe.childTransportId,
        producerId,
      });
      await this.fleet.get(sink.nodeId).call('pipeProduce', {
        transportId: downward ? pipe.childTransportId : pipe.parentTransportId,
        producerId,
        kind,
        rtpParameters,
        // Never paused: a copy cannot hear its source resume on another node. While the source
        // is paused (a muted microphone) its pipe consumer simply sends nothing.
        paused: false,
      });
      this.logger.info({ conferenceId: this.conferenceId, producerId, from, to }, 'producer piped');
    });
  }

  private pipe(parent: RouterKey, child: RouterKey): Promise<PipePair> {
    return this.memo(this.pipes, `${parent}>${child}`, async () => {
      const [up, down] = await Promise.all([this.routerOn(parent), this.routerOn(child)]);
      const upNode = this.fleet.get(up.nodeId);
      const downNode = this.fleet.get(down.nodeId);
      const [upEnd, downEnd] = await Promise.all([
        upNode.call('createPipeTransport', { routerId: up.routerId }),
        downNode.call('createPipeTransport', { routerId: down.routerId }),
      ]);
      await Promise.all([
        upNode.call('connectPipeTransport', { transportId: upEnd.transportId, remote: downEnd.tuple }),
        downNode.call('connectPipeTransport', { transportId: downEnd.transportId, remote: upEnd.tuple }),
      ]);
      this.logger.info({ conferenceId: this.conferenceId, parent, child }, 'pipe opened');
      return { parentTransportId: upEnd.transportId, childTransportId: downEnd.transportId };
    });
  }

  private async closeEnd(key: RouterKey, pipe: Promise<PipePair>, isParent: boolean): Promise<void> {
    const [p, router] = await Promise.all([pipe, this.routers.get(key)]);
    if (!router) return;
    const transportId = isParent ? p.parentTransportId : p.childTransportId;
    await this.fleet.get(router.nodeId).call('closeTransport', { transportId });
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
