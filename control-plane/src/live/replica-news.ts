// News every replica must hear (a vote's tally moved, an opinion changed status) on one Redis
// pub/sub channel: whichever replica made the change publishes it once, and each replica hands it
// to its own sockets. Messages are validated on arrival like any other input; a malformed one is
// logged and dropped.
import { safeParseJson } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

export class ReplicaNews<S extends z.ZodType> {
  private handler: ((news: z.output<S>) => void) | null = null;

  constructor(
    private readonly redis: Redis,
    /** a connection of its own: a subscribed Redis connection can do nothing else */
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly schema: S,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (from: string, raw: string) => {
      if (from !== this.channel) return;
      const parsed = safeParseJson(this.schema, raw);
      if (!parsed.success) return this.logger.warn({ channel, issue: parsed.error.issues[0] }, 'malformed replica news dropped');
      this.handler?.(parsed.data as z.output<S>);
    });
  }

  async listen(handler: (news: z.output<S>) => void): Promise<void> {
    this.handler = handler;
    await this.subscriber.subscribe(this.channel);
  }

  async publish(news: z.input<S>): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(news));
  }

  async close(): Promise<void> {
    this.handler = null;
    await this.subscriber.quit().catch(() => undefined);
  }
}
