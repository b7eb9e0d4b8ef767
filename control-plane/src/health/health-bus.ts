// Redis carries the replicas' health changes: a pub/sub channel per conference for the news,
// and a hash per conference with every site's last state, so a replica that starts watching (or
// missed a message) can catch up.
import { safeParseJson } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { decodeState, encodeState, replicaMessageSchema, storedEntrySchema } from './replica-wire.js';
import type { SiteHealthState } from './status.js';

export interface ReplicaNews {
  replicaId: string;
  seq: number;
  states: SiteHealthState[];
}

/** A conference's stored states outlive the conference by a day at most. */
const ttlSeconds = 24 * 3600;

export class HealthBus {
  private readonly handlers = new Map<string, (news: ReplicaNews) => void>();

  constructor(
    private readonly redis: Redis,
    /** a connection of its own: a subscribed Redis connection can do nothing else */
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
  }

  private channelOf(conferenceId: string) {
    return `${this.prefix}:health:${conferenceId}`;
  }
  private keyOf(conferenceId: string) {
    return `${this.prefix}:health-state:${conferenceId}`;
  }

  /** Stores the changed states, then announces them (in this order: a reader of the store never misses news). */
  async publish(conferenceId: string, replicaId: string, seq: number, states: readonly SiteHealthState[]): Promise<void> {
    const entries = states.map(encodeState);
    const pipeline = this.redis.pipeline();
    if (entries.length) {
      const key = this.keyOf(conferenceId);
      pipeline.hset(key, Object.fromEntries(entries.map((e) => [e[0], JSON.stringify({ o: replicaId, e })])));
      pipeline.expire(key, ttlSeconds);
    }
    pipeline.publish(this.channelOf(conferenceId), JSON.stringify({ r: replicaId, q: seq, e: entries }));
    await pipeline.exec();
  }

  /** Every site's last stored state, with the replica that stored it; unreadable entries are skipped. */
  async load(conferenceId: string): Promise<{ owner: string; state: SiteHealthState }[]> {
    const all = await this.redis.hgetall(this.keyOf(conferenceId));
    const out: { owner: string; state: SiteHealthState }[] = [];
    for (const raw of Object.values(all)) {
      const parsed = safeParseJson(storedEntrySchema, raw);
      if (parsed.success) out.push({ owner: parsed.data.o, state: decodeState(parsed.data.e) });
    }
    return out;
  }

  async subscribe(conferenceId: string, handler: (news: ReplicaNews) => void): Promise<void> {
    this.handlers.set(this.channelOf(conferenceId), handler);
    await this.subscriber.subscribe(this.channelOf(conferenceId));
  }

  async unsubscribe(conferenceId: string): Promise<void> {
    this.handlers.delete(this.channelOf(conferenceId));
    await this.subscriber.unsubscribe(this.channelOf(conferenceId));
  }

  private deliver(channel: string, raw: string): void {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    const parsed = safeParseJson(replicaMessageSchema, raw);
    if (!parsed.success) return this.logger.warn({ channel, issue: parsed.error.issues[0] }, 'malformed health news dropped');
    handler({ replicaId: parsed.data.r, seq: parsed.data.q, states: parsed.data.e.map(decodeState) });
  }
}
