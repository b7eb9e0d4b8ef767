// Vote changes travel between replicas on one Redis channel: whichever replica took entries
// publishes the vote's tally (at most once a tick), and every replica hands it to its own
// sites and consoles of that conference.
import { voteWithTallySchema, type VoteWithTally } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ReplicaNews } from '../live/replica-news.js';
import type { Logger } from '../logger.js';

const newsSchema = z.object({ c: z.string(), v: voteWithTallySchema });

export class VoteBus {
  private readonly news: ReplicaNews<typeof newsSchema>;

  constructor(redis: Redis, subscriber: Redis, prefix: string, logger: Logger) {
    this.news = new ReplicaNews(redis, subscriber, `${prefix}:votes`, newsSchema, logger);
  }

  listen(handler: (conferenceId: string, news: VoteWithTally) => void): Promise<void> {
    return this.news.listen(({ c, v }) => handler(c, v));
  }

  publish(conferenceId: string, news: VoteWithTally): Promise<void> {
    return this.news.publish({ c: conferenceId, v: news });
  }

  close(): Promise<void> {
    return this.news.close();
  }
}
