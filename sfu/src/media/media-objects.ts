import { LienthongError } from '@lienthong/contracts';
import type { types } from 'mediasoup';

interface Tracked<T> {
  object: T;
  workerIndex: number;
}
/** A transport and the router it belongs to (mediasoup does not expose that). */
interface TrackedTransport<T> extends Tracked<T> {
  routerId: string;
}
/** Which kind of transport a producer arrived on: a site's own (webrtc), a copy from another router (pipe), plain RTP. */
export type ProducerOrigin = 'webrtc' | 'pipe' | 'plain';
interface TrackedProducer extends Tracked<types.Producer> {
  origin: ProducerOrigin;
  routerId: string;
}
export interface WorkerCounts {
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

/**
 * Index of the live mediasoup objects on this node, by id, so commands can address them. Entries
 * leave by themselves when mediasoup closes the object (directly or through its parent).
 */
export class MediaObjects {
  private readonly routers = new Map<string, Tracked<types.Router>>();
  private readonly webRtcTransports = new Map<string, TrackedTransport<types.WebRtcTransport>>();
  private readonly pipeTransports = new Map<string, TrackedTransport<types.PipeTransport>>();
  private readonly plainTransports = new Map<string, TrackedTransport<types.PlainTransport>>();
  /** By id, then by router: a producer piped between two workers of this node has one id twice. */
  private readonly producers = new Map<string, Map<string, TrackedProducer>>();
  private readonly consumers = new Map<string, Tracked<types.Consumer>>();

  addRouter(router: types.Router, workerIndex: number): void {
    this.track(this.routers, { object: router, workerIndex });
  }
  addWebRtcTransport(transport: types.WebRtcTransport, workerIndex: number, routerId: string): void {
    this.track(this.webRtcTransports, { object: transport, workerIndex, routerId });
  }
  addPipeTransport(transport: types.PipeTransport, workerIndex: number, routerId: string): void {
    this.track(this.pipeTransports, { object: transport, workerIndex, routerId });
  }
  addPlainTransport(transport: types.PlainTransport, workerIndex: number, routerId: string): void {
    this.track(this.plainTransports, { object: transport, workerIndex, routerId });
  }
  addProducer(producer: types.Producer, workerIndex: number, origin: ProducerOrigin, routerId: string): void {
    let copies = this.producers.get(producer.id);
    if (!copies) this.producers.set(producer.id, (copies = new Map<string, TrackedProducer>()));
    copies.set(routerId, { object: producer, workerIndex, origin, routerId });
    producer.observer.once('close', () => {
      copies.delete(routerId);
      if (!copies.size && this.producers.get(producer.id) === copies) this.producers.delete(producer.id);
    });
  }
  addConsumer(consumer: types.Consumer, workerIndex: number): void {
    this.track(this.consumers, { object: consumer, workerIndex });
  }

  router(id: string): Tracked<types.Router> {
    return this.find(this.routers, id, 'router');
  }
  webRtcTransport(id: string): TrackedTransport<types.WebRtcTransport> {
    return this.find(this.webRtcTransports, id, 'WebRTC transport');
  }
  pipeTransport(id: string): TrackedTransport<types.PipeTransport> {
    return this.find(this.pipeTransports, id, 'pipe transport');
  }
  plainTransport(id: string): TrackedTransport<types.PlainTransport> {
    return this.find(this.plainTransports, id, 'plain transport');
  }
  /** A transport sites or external peers send and receive on: WebRTC or plain RTP. */
  mediaTransport(id: string): TrackedTransport<types.WebRtcTransport | types.PlainTransport> & { origin: 'webrtc' | 'plain' } {
    const webRtc = this.webRtcTransports.get(id);
    if (webRtc) return { ...webRtc, origin: 'webrtc' };
    return { ...this.plainTransport(id), origin: 'plain' };
  }
  /** Any kind of transport, for commands that work on all. */
  anyTransport(id: string): Tracked<types.Transport> {
    return this.webRtcTransports.get(id) ?? this.plainTransports.get(id) ?? this.pipeTransport(id);
  }
  /** A producer by id; the router must be named when this node holds copies on several. */
  producer(id: string, routerId?: string): TrackedProducer {
    const copies = this.producers.get(id);
    const found = routerId ? copies?.get(routerId) : copies?.size === 1 ? [...copies.values()][0] : undefined;
    if (found) return found;
    if (!routerId && copies && copies.size > 1)
      throw new LienthongError('CONFLICT', `producer ${id} has copies on ${copies.size} routers here: name the router`);
    throw new LienthongError('NOT_FOUND', `no producer ${id}${routerId ? ` on router ${routerId}` : ''} on this node`);
  }
  /** The producer's copy on that router, if this node has one. */
  findProducer(id: string, routerId: string): TrackedProducer | undefined {
    return this.producers.get(id)?.get(routerId);
  }
  findWebRtcTransport(id: string): TrackedTransport<types.WebRtcTransport> | undefined {
    return this.webRtcTransports.get(id);
  }
  webRtcTransportsOn(routerId: string): TrackedTransport<types.WebRtcTransport>[] {
    return [...this.webRtcTransports.values()].filter((t) => t.routerId === routerId);
  }
  consumer(id: string): Tracked<types.Consumer> {
    return this.find(this.consumers, id, 'consumer');
  }
  findConsumer(id: string): Tracked<types.Consumer> | undefined {
    return this.consumers.get(id);
  }

  routerIds(): string[] {
    return [...this.routers.keys()];
  }

  /** Per-worker object counts for the heartbeat. */
  counts(workerCount: number): WorkerCounts[] {
    const counts: WorkerCounts[] = Array.from({ length: workerCount }, () => ({ routers: 0, transports: 0, producers: 0, consumers: 0 }));
    const add = (entries: Iterable<{ workerIndex: number }>, key: keyof WorkerCounts) => {
      for (const { workerIndex } of entries) if (counts[workerIndex]) counts[workerIndex][key] += 1;
    };
    add(this.routers.values(), 'routers');
    add(this.webRtcTransports.values(), 'transports');
    add(this.pipeTransports.values(), 'transports');
    add(this.plainTransports.values(), 'transports');
    for (const copies of this.producers.values()) add(copies.values(), 'producers');
    add(this.consumers.values(), 'consumers');
    return counts;
  }

  /** Consumers forwarding media (neither they nor their producer paused), per worker: what costs CPU. */
  activeConsumers(workerCount: number): number[] {
    const active = new Array<number>(workerCount).fill(0);
    for (const { object, workerIndex } of this.consumers.values())
      if (workerIndex < workerCount && !object.paused && !object.producerPaused) active[workerIndex]! += 1;
    return active;
  }

  /** Every transport of one worker, for its bitrate. */
  transportsOn(workerIndex: number): types.Transport[] {
    return [this.webRtcTransports, this.pipeTransports, this.plainTransports].flatMap((m) =>
      [...m.values()].filter((t) => t.workerIndex === workerIndex).map((t) => t.object as types.Transport),
    );
  }

  /** The worker with the fewest consumers, then routers: where a new router should go. */
  leastLoadedWorker(workerCount: number): number {
    const ranked = this.counts(workerCount).map((c, index) => ({ ...c, index }));
    ranked.sort((a, b) => a.consumers - b.consumers || a.routers - b.routers || a.index - b.index);
    return ranked[0]!.index;
  }

  private track<T extends { id: string; observer: { once(e: 'close', l: () => void): unknown } }, E extends Tracked<T>>(
    map: Map<string, E>,
    entry: E,
  ): void {
    map.set(entry.object.id, entry);
    entry.object.observer.once('close', () => map.delete(entry.object.id));
  }

  private find<E>(map: Map<string, E>, id: string, what: string): E {
    const found = map.get(id);
    if (!found) throw new LienthongError('NOT_FOUND', `no ${what} ${id} on this node`);
    return found;
  }
}
