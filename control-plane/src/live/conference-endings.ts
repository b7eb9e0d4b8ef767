import { idSchema, safeParseJson } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/** What the code that ends conferences needs: an operator's "end", a cancel, the scheduled close. */
export interface ConferenceEndings {
  /** Every replica ends the sessions and the live room it holds for these conferences. */
  announce(conferenceIds: readonly string[]): Promise<void>;
}

const endedSchema = z.object({ conferenceIds: z.array(idSchema).min(1) });

/**
 * A conference's status changes in the database on one replica, but its sites' sockets and its
 * live room may be on any: the news travels on a Redis channel every replica listens to, and
 * each ends what it holds (the site is told why, then disconnected; reconnecting, it is refused
 * with the conference's status and shows the ended screen).
 */
export class RedisConferenceEndings implements ConferenceEndings {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    /** a connection of its own: a subscribed Redis connection can do nothing else */
    private readonly subscriber: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}:conference-ended`;
  }

  /** Starts hearing the announcements (this replica's own too). */
  async listen(endHere: (conferenceId: string) => Promise<void>): Promise<void> {
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const parsed = safeParseJson(endedSchema, raw);
      if (!parsed.success) return this.logger.warn({ raw: raw.slice(0, 200) }, 'ignored a malformed conference-ended message');
      for (const conferenceId of parsed.data.conferenceIds)
        endHere(conferenceId).catch((err: unknown) => this.logger.warn({ err, conferenceId }, 'could not end the conference here'));
    });
    await this.subscriber.subscribe(this.channel);
  }

  async announce(conferenceIds: readonly string[]): Promise<void> {
    if (!conferenceIds.length) return;
    await this.redis.publish(this.channel, JSON.stringify({ conferenceIds }));
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
