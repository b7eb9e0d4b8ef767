import { LienthongError, type WorkerLoad } from '@lienthong/contracts';
import type { types } from 'mediasoup';

interface Tracked<T> {
  object: T;
  workerIndex: number;
}

/**
 * Index of the live mediasoup objects on this node, by id, so commands can address them. Entries
 * leave by themselves when mediasoup closes the object (directly or through its parent).
 */
export class MediaObjects {
  private readonly routers = new Map<string, Tracked<types.Router>>();
  private readonly webRtcTransports = new Map<string, Tracked<types.WebRtcTransport>>();
  private readonly pipeTransports = new Map<string, Tracked<types.PipeTransport>>();
  private readonly producers = new Map<string, Tracked<types.Producer>>();
  private readonly consumers = new Map<string, Tracked<types.Consumer>>();

  addRouter(router: types.Router, workerIndex: number): void {
    this.track(this.routers, router, workerIndex);
  }
  addWebRtcTransport(transport: types.WebRtcTransport, workerIndex: number): void {
    this.track(this.webRtcTransports, transport, workerIndex);
  }
  addPipeTransport(transport: types.PipeTransport, workerIndex: number): void {
    this.track(this.pipeTransports, transport, workerIndex);
  }
  addProducer(producer: types.Producer, workerIndex: number): void {
    this.track(this.producers, producer, workerIndex);
  }
  addConsumer(consumer: types.Consumer, workerIndex: number): void {
    this.track(this.consumers, consumer, workerIndex);
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
  producer(id: string): Tracked<types.Producer> {
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

  private track<T extends { id: string; observer: { once(e: 'close', l: () => void): unknown } }>(
    map: Map<string, Tracked<T>>,
    object: T,
    workerIndex: number,
  ): void {
    map.set(object.id, { object, workerIndex });
    object.observer.once('close', () => map.delete(object.id));
  }

  private find<T>(map: Map<string, Tracked<T>>, id: string, what: string): Tracked<T> {
    const found = map.get(id);
    if (!found) throw new LienthongError('NOT_FOUND', `no ${what} ${id} on this node`);
    return found;
  }
}
