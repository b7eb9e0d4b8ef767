import {
  callMessage,
  consoleEvents,
  consoleRequests,
  maxPreviews,
  type ConsoleEvent,
  type ConsoleRequests,
  type RequestOf,
  type ResponseOf,
} from '@lienthong/contracts';
import { Device, type types } from 'mediasoup-client';
import type { Socket } from 'socket.io-client';
import { isHopeless, toFailure } from '../../shared/failure';
import { fromDtlsParameters, fromRtpCapabilities, toConsumerOptions, toRtpCapabilities, toTransportOptions } from '../../site/wire-adapters';

/** The live pictures by site id; each tile reads its own site's (`useSyncExternalStore(subscribe, () => get(id))`). */
export class PreviewStreams {
  private readonly streams = new Map<string, MediaStream>();
  private readonly listeners = new Set<() => void>();

  get = (siteId: string): MediaStream | undefined => this.streams.get(siteId);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(siteId: string, stream: MediaStream | null): void {
    if (stream) this.streams.set(siteId, stream);
    else if (!this.streams.delete(siteId)) return;
    this.notify();
  }

  clear(): void {
    if (!this.streams.size) return;
    this.streams.clear();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

type PreviewRequest = 'openPreviews' | 'createPreviewTransport' | 'connectPreviewTransport' | 'setPreviews' | 'resumePreview' | 'closePreviews';

/** The wanted set settles this long (scrolling) before it is declared. */
const settleMs = 250;
/** After a failure, the previews are opened again this much later. */
const reopenMs = 10_000;
/** ... and this much later while the conference is not (or no longer) running. */
const notRunningReopenMs = 60_000;

/**
 * A console's thumbnails of one conference, over its /console socket (shared with the health):
 * opens a receiver on a media node (device, receive transport), declares the sites it wants,
 * consumes what the control plane announces and puts each picture in `streams`. Everything the
 * server held is gone when the socket reconnects or the receiver's node dies: it starts over and
 * declares its set again. Server work runs one step at a time, in order.
 */
export class PreviewSession {
  private transport: types.Transport | null = null;
  private readonly consumers = new Map<string, types.Consumer>();
  private wanted: readonly string[] = [];
  /** The set declared on the current receiver (null: none yet). */
  private declared: string | null = null;
  /** Bumped whenever the receiver is dropped: work begun for an older one stops. */
  private epoch = 0;
  private queue: Promise<void> = Promise.resolve();
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the console shows thumbnails now (the operator may turn them off). */
  private active = false;
  private closed = false;
  private readonly listeners: Record<string, (payload: unknown) => void>;

  constructor(
    private readonly socket: Socket,
    private readonly conferenceId: string,
    readonly streams: PreviewStreams,
  ) {
    this.listeners = {
      connect: () => this.enqueue(() => this.open()),
      disconnect: () => this.drop(),
      previewStarted: (payload) => {
        const event = this.ours(consoleEvents.previewStarted.safeParse(payload));
        if (event) this.enqueue(() => this.show(event));
      },
      previewStopped: (payload) => {
        const event = this.ours(consoleEvents.previewStopped.safeParse(payload));
        if (event) this.enqueue(async () => this.hide(event.siteId));
      },
      previewsLost: (payload) => {
        if (this.ours(consoleEvents.previewsLost.safeParse(payload))) this.enqueue(() => this.open());
      },
    };
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.on(event, listener);
  }

  /** Turns the thumbnails on (opened now if the socket is connected, else when it connects) or off (closed on the server too). */
  setActive(active: boolean): void {
    if (this.closed || active === this.active) return;
    this.active = active;
    if (active) return this.enqueue(() => this.open());
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.drop();
    this.enqueue(() => this.closeOnServer());
  }

  /** The sites to show now, most important first (at most `maxPreviews`); declared once the set settles. */
  want(siteIds: readonly string[]): void {
    const next = siteIds.slice(0, maxPreviews);
    if (next.join(' ') === this.wanted.join(' ')) return;
    this.wanted = next;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.enqueue(() => this.declare()), settleMs);
  }

  /** For good: stops listening and closes the receiver here and on the server (the socket stays to its owner). */
  close(): void {
    if (this.closed) return;
    this.setActive(false);
    this.closed = true;
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.off(event, listener);
    if (this.settleTimer) clearTimeout(this.settleTimer);
  }

  /** A receiver on the conference's media, then the wanted set declared on it. */
  private async open(): Promise<void> {
    const epoch = this.drop();
    if (!this.active || !this.socket.connected) return;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    try {
      const { routerRtpCapabilities } = await this.call('openPreviews', {});
      const device = await Device.factory();
      await device.load({ routerRtpCapabilities: toRtpCapabilities(routerRtpCapabilities) });
      if (epoch !== this.epoch) return;
      const params = await this.call('createPreviewTransport', { rtpCapabilities: fromRtpCapabilities(device.recvRtpCapabilities) });
      if (epoch !== this.epoch) return;
      const transport = device.createRecvTransport(toTransportOptions(params));
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.call('connectPreviewTransport', { dtlsParameters: fromDtlsParameters(dtlsParameters) }).then(
          () => callback(),
          (err: unknown) => errback(toFailure(err)),
        );
      });
      transport.on('connectionstatechange', (state) => {
        if (state === 'failed' && this.transport === transport) this.enqueue(() => this.open());
      });
      this.transport = transport;
    } catch (err) {
      return this.failed(epoch, err);
    }
    await this.declare();
  }

  /** Declares the wanted set on the receiver when it changed (the receiver's opening declares it too). */
  private async declare(): Promise<void> {
    const key = this.wanted.join(' ');
    if (!this.transport || key === this.declared) return;
    const epoch = this.epoch;
    try {
      await this.call('setPreviews', { siteIds: [...this.wanted] });
      if (epoch === this.epoch) this.declared = key;
    } catch (err) {
      this.failed(epoch, err);
    }
  }

  /**
   * The receiver could not be opened or told what to show: it is dropped and opened again a little
   * later; much later while the conference is not running; never when retrying cannot help.
   */
  private failed(epoch: number, err: unknown): void {
    if (epoch !== this.epoch) return;
    const failure = toFailure(err);
    this.drop();
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    if (isHopeless(failure.code)) return console.warn('lienthong: no thumbnails for this conference', failure);
    console.warn('lienthong: thumbnails unavailable, trying again later', failure);
    const delay = failure.code === 'CONFERENCE_NOT_OPEN' ? notRunningReopenMs : reopenMs;
    this.reopenTimer = setTimeout(() => this.enqueue(() => this.open()), delay);
  }

  /** A wanted site's camera reached the receiver: consume it, let the node forward it, show it. */
  private async show({ siteId, consumer: params }: ConsoleEvent<'previewStarted'>): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const epoch = this.epoch;
    this.hide(siteId);
    const consumer = await transport.consume(toConsumerOptions(params, { siteId }));
    if (epoch !== this.epoch) return consumer.close();
    this.consumers.set(siteId, consumer);
    consumer.on('trackended', () => this.hide(siteId, consumer));
    await this.call('resumePreview', { consumerId: consumer.id });
    if (this.consumers.get(siteId) === consumer) this.streams.set(siteId, new MediaStream([consumer.track]));
  }

  /** The site's picture goes (the server stopped it, or a newer one replaces it). */
  private hide(siteId: string, only?: types.Consumer): void {
    const consumer = this.consumers.get(siteId);
    if (!consumer || (only && consumer !== only)) return;
    this.consumers.delete(siteId);
    consumer.close();
    this.streams.set(siteId, null);
  }

  /** Drops the receiver and every picture (the server's side is gone or going); answers the new epoch. */
  private drop(): number {
    this.epoch += 1;
    this.declared = null;
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.transport?.close();
    this.transport = null;
    this.streams.clear();
    return this.epoch;
  }

  private async closeOnServer(): Promise<void> {
    if (this.socket.connected) await this.call('closePreviews', {});
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => console.warn('lienthong: thumbnail step failed', toFailure(err)));
  }

  private ours<T extends { conferenceId: string }>(parsed: { success: true; data: T } | { success: false }): T | null {
    return parsed.success && parsed.data.conferenceId === this.conferenceId && this.active ? parsed.data : null;
  }

  private call<K extends PreviewRequest>(name: K, body: Omit<RequestOf<ConsoleRequests, K>, 'conferenceId'>): Promise<ResponseOf<ConsoleRequests, K>> {
    return callMessage(this.socket, consoleRequests, name, { ...body, conferenceId: this.conferenceId } as RequestOf<ConsoleRequests, K>);
  }
}
