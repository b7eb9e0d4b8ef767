// What one site session may hold on its media node, so that one site (or a stolen link) cannot
// use up a node's RTC ports or CPU for everyone else: one send and one receive WebRTC transport
// (asking again replaces: the old one closes), one camera, one microphone and one shared screen, and one consumer
// per program track (consuming a track again replaces the previous consumer).
import { LienthongError, type TrackSource } from '@lienthong/contracts';

export type TransportDirection = 'send' | 'recv';
const creating = Symbol('creating');

/** What a session holds, as stored for a successor owner. */
export interface SessionLimitsRecord {
  transports: Partial<Record<TransportDirection, string>>;
  /** program track (producer id) -> its consumer */
  consumerOf: Record<string, string>;
}

export class SessionLimits {
  private readonly transports = new Map<TransportDirection, string | typeof creating>();
  private readonly consumerOf = new Map<string, string>();

  /** A transport being created is not recorded: it belongs to an answer the old owner never gave. */
  toRecord(): SessionLimitsRecord {
    const transports: SessionLimitsRecord['transports'] = {};
    for (const [direction, id] of this.transports) if (id !== creating) transports[direction] = id;
    return { transports, consumerOf: Object.fromEntries(this.consumerOf) };
  }

  static fromRecord(record: SessionLimitsRecord): SessionLimits {
    const limits = new SessionLimits();
    for (const [direction, id] of Object.entries(record.transports) as [TransportDirection, string][]) limits.transports.set(direction, id);
    for (const [producerId, consumerId] of Object.entries(record.consumerOf)) limits.consumerOf.set(producerId, consumerId);
    return limits;
  }

  /**
   * Before creating a transport: returns the one it replaces (close it first). A second creation
   * in the same direction while one is on its way is refused: parallel requests cannot add up.
   */
  beginTransport(direction: TransportDirection): string | undefined {
    const current = this.transports.get(direction);
    if (current === creating) throw new LienthongError('SESSION_LIMIT', `A ${direction} transport is already being created`);
    this.transports.set(direction, creating);
    return current;
  }

  /** The creation ended: with the new transport's id, or null when it failed. */
  endTransport(direction: TransportDirection, transportId: string | null): void {
    if (transportId) this.transports.set(direction, transportId);
    else this.transports.delete(direction);
  }

  /** Refuses a second producer of a source: a site sends one camera, one microphone and one presentation. */
  checkProducer(sources: Iterable<TrackSource>, source: TrackSource): void {
    for (const s of sources) if (s === source) throw new LienthongError('SESSION_LIMIT', `This site already sends its ${source}`);
  }

  /** The track is gone (its producer closed, and its consumers with it). */
  forget(producerId: string): void {
    this.consumerOf.delete(producerId);
  }

  /** A new consumer of a program track; returns the previous consumer of that track to close. */
  consumed(producerId: string, consumerId: string): string | undefined {
    const previous = this.consumerOf.get(producerId);
    this.consumerOf.set(producerId, consumerId);
    return previous;
  }
}
