import { LienthongError, safeParseJson, toWireError, wireErrorSchema } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../logger.js';

/**
 * Point-to-point calls between control-plane replicas over Redis pub/sub: a replica holding a
 * site's or console's socket relays the room operation to the conference's owner and waits for its
 * answer. One channel per replica; a call is one PUBLISH each way.
 *
 * Chosen over socket.io's `serverSideEmit` with acks, which waits for every replica (one stalled
 * replica would stall every relayed message), and over a job queue (about ten Redis round trips
 * per call instead of two PUBLISHes). Nothing is queued: an owner that is gone does not answer,
 * the call times out (at once when no one subscribes to its channel: a killed process's Redis
 * connection is closed by its kernel) and the caller looks for the room's new owner.
 */
const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.string(),
  from: z.string(),
  conferenceId: z.string(),
  method: z.string(),
  args: z.array(z.unknown()),
});
const responseSchema = z.object({
  kind: z.literal('response'),
  id: z.string(),
  value: z.unknown().optional(),
  error: wireErrorSchema.optional(),
});
const envelopeSchema = z.discriminatedUnion('kind', [requestSchema, responseSchema]);

export type RelayRequest = Pick<z.infer<typeof requestSchema>, 'conferenceId' | 'method' | 'args'>;

/** What the owner does with a relayed call: the room operation's answer, or a LienthongError. */
export type RelayServe = (request: RelayRequest) => Promise<unknown>;

export class RoomRelay {
  private readonly waiting = new Map<string, { resolve(value: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
  private serve: RelayServe = () => Promise.reject(new LienthongError('CONFLICT', 'This replica owns no room yet'));

  constructor(
    private readonly publisher: Redis,
    /** A connection of its own: a subscribed ioredis connection cannot send commands. */
    private readonly subscriber: Redis,
    private readonly prefix: string,
    readonly replicaId: string,
    private readonly logger: Logger,
    readonly timeoutMs = 2500,
  ) {}

  /** Subscribes to this replica's channel; `serve` answers the calls other replicas relay here. */
  async listen(serve: RelayServe): Promise<void> {
    this.serve = serve;
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.channelOf(this.replicaId)) this.received(raw);
    });
    await this.subscriber.subscribe(this.channelOf(this.replicaId));
  }

  /** Calls `method` of the conference's room on replica `to`; rejects with TIMEOUT when it does not answer. */
  call(to: string, request: RelayRequest): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new LienthongError('TIMEOUT', `replica ${to} did not answer ${request.method} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
    });
    const envelope: z.infer<typeof requestSchema> = { kind: 'request', id, from: this.replicaId, ...request };
    this.publisher.publish(this.channelOf(to), JSON.stringify(envelope)).then(
      // Nobody heard it: that replica's Redis connection is gone (a killed process), so waiting for
      // the timeout only delays the look for the next owner.
      (listeners) => listeners === 0 && this.settle(id, undefined, new LienthongError('TIMEOUT', `replica ${to} is not listening`)),
      (err: Error) => this.settle(id, undefined, err),
    );
    return answer;
  }

  close(): void {
    for (const [id] of this.waiting) this.settle(id, undefined, new LienthongError('TIMEOUT', 'this replica is shutting down'));
    void this.subscriber.unsubscribe(this.channelOf(this.replicaId)).catch(() => undefined);
  }

  private received(raw: string): void {
    const parsed = safeParseJson(envelopeSchema, raw);
    if (!parsed.success) {
      this.logger.warn({ error: parsed.error.message }, 'unreadable relay message dropped');
      return;
    }
    const message = parsed.data;
    if (message.kind === 'response') {
      const error = message.error && LienthongError.fromWire(message.error);
      this.settle(message.id, message.value, error);
      return;
    }
    void this.answer(message);
  }

  private async answer(request: z.infer<typeof requestSchema>): Promise<void> {
    let response: z.infer<typeof responseSchema>;
    try {
      response = { kind: 'response', id: request.id, value: await this.serve(request) };
    } catch (err) {
      response = { kind: 'response', id: request.id, error: toWireError(err) };
      if (!(err instanceof LienthongError)) this.logger.error({ err, method: request.method }, 'relayed room call failed');
    }
    await this.publisher.publish(this.channelOf(request.from), JSON.stringify(response)).catch((err: unknown) =>
      this.logger.warn({ err, to: request.from }, 'could not answer a relayed call'),
    );
  }

  private settle(id: string, value: unknown, error: Error | undefined): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return; // answered after its timeout
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if (error) waiting.reject(error);
    else waiting.resolve(value);
  }

  private channelOf(replicaId: string): string {
    return `${this.prefix}:relay:${replicaId}`;
  }
}
