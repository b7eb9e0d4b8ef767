import { LienthongError, type WorkerLoad } from '@lienthong/contracts';
import type { types } from 'mediasoup';

interface Tracked<T> {
  object: T;
  workerIndex: number;
}
/** Which kind of transport a producer arrived on: a site's own (webrtc) or a copy from another node (pipe). */
export type ProducerOrigin = 'webrtc' | 'pipe';
interface TrackedProducer extends Tracked<types.Producer> {
  origin: ProducerOrigin;
}

/**
 * Index of the live mediasoup objects on this node, by id, so commands can address them. Entries
 * leave by themselves when mediasoup closes the object (directly or through its parent).
 */
export class MediaObjects {
  private readonly routers = new Map<string, Tracked<types.Router>>();
  private readonly webRtcTransports = new Map<string, Tracked<types.WebRtcTransport>>();
  private readonly pipeTransports = new Map<string, Tracked<types.PipeTransport>>();
  private readonly producers = new Map<string, TrackedProducer>();
  private readonly consumers = new Map<string, Tracked<types.Consumer>>();

  addRouter(router: types.Router, workerIndex: number): void {
    this.track(this.routers, { object: router, workerIndex });
  }
  addWebRtcTransport(transport: types.WebRtcTransport, workerIndex: number): void {
    this.track(this.webRtcTransports, { object: transport, workerIndex });
  }
  addPipeTransport(transport: types.PipeTransport, workerIndex: number): void {
    this.track(this.pipeTransports, { object: transport, workerIndex });
  }
  addProducer(producer: types.Producer, workerIndex: number, origin: ProducerOrigin): void {
    this.track(this.producers, { object: producer, workerIndex, origin });
  }
  addConsumer(consumer: types.Consumer, workerIndex: number): void {
    this.track(this.consumers, { object: consumer, workerIndex });
  }

  router(id: string): Tracked<types.Router> {
    return this.find(this.routers, id, 'router');
  }
  webRtcTransport(id: string): Tracked<types.WebRtcTransport> {
    return this.find(this.webRtcTransports, id, 'WebRTC transport');
  }
  pipeTransport(id: string): Tracked<types.PipeTransport> {
    return this.find(this.pipeTransports, id, 'pipe transport');
  }
  /** Either kind of transport, for commands that work on both. */
  anyTransport(id: string): Tracked<types.Transport> {
    return this.webRtcTransports.get(id) ?? this.pipeTransport(id);
  }
  producer(id: string): TrackedProducer {
    return this.find(this.producers, id, 'producer');
  }
  consumer(id: string): Tracked<types.Consumer> {
    return this.find(this.consumers, id, 'consumer');
  }

  routerIds(): string[] {
    return [...this.routers.keys()];
  }

  /** Per-worker counts for the heartbeat. */
  load(workerCount: number): WorkerLoad[] {
    const loads: WorkerLoad[] = Array.from({ length: workerCount }, (_, index) => ({
      index,
      routers: 0,
      transports: 0,
      producers: 0,
      consumers: 0,
    }));
    const count = (map: Map<string, Tracked<unknown>>, key: Exclude<keyof WorkerLoad, 'index'>) => {
      for (const { workerIndex } of map.values()) loads[workerIndex]![key] += 1;
    };
    count(this.routers, 'routers');
    count(this.webRtcTransports, 'transports');
    count(this.pipeTransports, 'transports');
    count(this.producers, 'producers');
    count(this.consumers, 'consumers');
    return loads;
  }

  /** The worker with the fewest consumers, then routers: where a new router should go. */
  leastLoadedWorker(workerCount: number): number {
    const loads = this.load(workerCount);
    loads.sort((a, b) => a.consumers - b.consumers || a.routers - b.routers || a.index - b.index);
    return loads[0]!.index;
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
