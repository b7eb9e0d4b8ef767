import { rtpCapabilitiesSchema, type WireRtpCapabilities } from '@lienthong/contracts';
import { z } from 'zod';
import type { RoomMediaJournal } from './ownership/room-media-store.js';
import type { RoomFleet } from './room-fleet.js';
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
const routerRefSchema = z.object({ routerId: z.string(), nodeId: z.string(), rtpCapabilities: rtpCapabilitiesSchema });
const pipePairSchema = z.object({ parentTransportId: z.string(), childTransportId: z.string() });

/** The cascade's media objects as stored for a successor owner: one field per router, pipe and copy. */
export const cascadeFields = { router: 'router:', pipe: 'pipe:', carried: 'carried:' } as const;
type Kind = keyof typeof cascadeFields;
/** A stored field's kind and key, e.g. 'pipe:a>b' -> ['pipe', 'a>b'] (null: not the cascade's). */
function fieldKey(field: string): [Kind, string] | [null, string] {
  for (const kind of Object.keys(cascadeFields) as Kind[]) if (field.startsWith(cascadeFields[kind])) return [kind, field.slice(cascadeFields[kind].length)];
  return [null, field];
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
  /** nodeId -> this conference's routers there that this cascade did not make are closed */
  private readonly swept = new Map<string, Promise<unknown>>();
  /** What each finished router, pipe and copy is, by its stored field (for the journal). */
  private readonly made = new Map<string, unknown>();
  /** Where the objects are recorded for a successor owner (none: not recorded). */
  journal: RoomMediaJournal = { touch: () => {} };

  constructor(
    readonly conferenceId: string,
    private readonly fleet: RoomFleet,
    private readonly plan: CascadePlan,
    private readonly logger: Logger,
  ) {}

  routerOn(key: RouterKey): Promise<RouterRef> {
    return this.memo('router', this.routers, key, async () => {
      const { nodeId, workerIndex } = this.plan.router(key);
      await this.sweep(nodeId);
      const { routerId, rtpCapabilities } = await this.fleet.get(nodeId).call('createRouter', {
        conferenceId: this.conferenceId,
        workerIndex,
      });
      return { routerId, nodeId, rtpCapabilities };
    });
  }

  /**
   * Before its first router on a node, the conference's routers there that nobody knows any more
   * (made before a control-plane restart, or by an owner that died) are closed: registration keeps
   * every router, since other replicas' rooms live on the same nodes.
   */
  private sweep(nodeId: string): Promise<unknown> {
    let sweep = this.swept.get(nodeId);
    if (!sweep) {
      sweep = this.fleet.get(nodeId).call('closeConferenceRouters', { conferenceId: this.conferenceId, keepRouterIds: this.routerIdsOn(nodeId) });
      this.swept.set(nodeId, sweep);
      sweep.catch(() => this.swept.get(nodeId) === sweep && this.swept.delete(nodeId));
    }
    return sweep;
  }

  /** The routers this cascade knows on a node (made, or adopted from a previous owner). */
  private routerIdsOn(nodeId: string): string[] {
    const ids: string[] = [];
    for (const [field, value] of this.made) if (field.startsWith(cascadeFields.router) && (value as RouterRef).nodeId === nodeId) ids.push((value as RouterRef).routerId);
    return ids;
  }

  /**
   * Takes over the media objects a previous owner recorded (stored fields), as if made here, and
   * checks them against the nodes: each node closes the conference's routers not among them and
   * says which of them it still has. Answers the router keys whose router is gone (their node
   * restarted, or is not connected): the room re-plans around them.
   */
  async adopt(stored: ReadonlyMap<string, unknown>): Promise<RouterKey[]> {
    for (const [field, raw] of stored) {
      const [kind, key] = fieldKey(field);
      if (kind === 'router') {
        const ref = routerRefSchema.safeParse(raw);
        // A router the stored plan no longer has is not adopted (the node sweep closes it).
        if (!ref.success || !this.plan.routers.has(key)) continue;
        this.routers.set(key, Promise.resolve(ref.data));
        this.made.set(field, ref.data);
      } else if (kind === 'pipe') {
        const pair = pipePairSchema.safeParse(raw);
        if (!pair.success) continue;
        this.pipes.set(key, Promise.resolve(pair.data));
        this.made.set(field, pair.data);
      } else if (kind === 'carried' && raw === true) {
        this.carried.set(key, Promise.resolve());
        this.made.set(field, true);
      }
    }
    const adopted = [...this.routers.keys()];
    const nodes = new Set(adopted.map((k) => this.plan.router(k).nodeId));
    const present = new Set<string>();
    await Promise.all(
      [...nodes].map(async (nodeId) => {
        if (!this.fleet.has(nodeId)) return;
        this.swept.delete(nodeId);
        const { keptRouterIds } = (await this.sweep(nodeId).catch(() => ({ keptRouterIds: [] }))) as { keptRouterIds: string[] };
        for (const id of keptRouterIds) present.add(id);
      }),
    );
    const lost: RouterKey[] = [];
    for (const key of adopted) if (!present.has((this.made.get(cascadeFields.router + key) as RouterRef).routerId)) lost.push(key);
    if (lost.length) await this.discard(lost);
    return lost;
  }

  /** A stored field's current value (null when gone). */
  read(field: string): unknown {
    return this.made.get(field) ?? null;
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
        this.forget('carried', key);
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
      this.forget('pipe', edge);
      // The surviving end's transport would otherwise linger on its node.
      const survivor = gone.has(parent) ? (gone.has(child) ? undefined : child) : parent;
      if (survivor) closing.push(this.closeEnd(survivor, pipe, survivor === parent));
    }
    for (const key of [...this.carried.keys()]) if (gone.has(key.slice(0, key.indexOf('|')))) this.forget('carried', key);
    for (const key of gone) {
      const router = this.routers.get(key);
      this.forget('router', key);
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
    return this.memo('carried', this.carried, `${to}|${producerId}`, async () => {
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
    return this.memo('pipe', this.pipes, `${parent}>${child}`, async () => {
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

  /**
   * Shares one in-flight promise per key; a failure is forgotten so the next caller retries. What
   * is made is recorded in the journal (a copy carried is recorded as `true`).
   */
  private memo<T>(kind: Kind, map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    const existing = map.get(key);
    if (existing) return existing;
    const made = make();
    map.set(key, made);
    made.then(
      (value) => {
        if (map.get(key) !== made) return;
        this.made.set(cascadeFields[kind] + key, value ?? true);
        this.journal.touch(cascadeFields[kind] + key);
      },
      () => {
        if (map.get(key) === made) map.delete(key);
      },
    );
    return made;
  }

  private forget(kind: Kind, key: string): void {
    if (kind === 'router') this.routers.delete(key);
    else if (kind === 'pipe') this.pipes.delete(key);
    else this.carried.delete(key);
    if (this.made.delete(cascadeFields[kind] + key)) this.journal.touch(cascadeFields[kind] + key);
  }
}
