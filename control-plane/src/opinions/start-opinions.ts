// Wires written opinions into a replica: the news channel between replicas, and the delivery of
// each change to this replica's own consoles, sending sites and hall of that conference.
import { namespaces, type ConsoleEvent, type SiteEvent } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Database } from '../db/database.js';
import { ReplicaNews } from '../live/replica-news.js';
import type { Logger } from '../logger.js';
import { opinionRoomName } from './console-opinion-handlers.js';
import { forSendingSite } from './opinion-records.js';
import { opinionNewsSchema, OpinionService } from './opinion-service.js';
import { OpinionSendLimiter, type OpinionSendLimits } from './send-limit.js';
import { hallOpinionRoomName, siteOpinionRoomName } from './site-opinion-handlers.js';

export async function startOpinions(deps: { io: Server; redis: Redis; db: Database; prefix: string; logger: Logger; limits?: OpinionSendLimits }) {
  const { io, redis, logger } = deps;
  const subscriber = redis.duplicate();
  subscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (opinions subscriber) connection problem'));
  const news = new ReplicaNews(redis, subscriber, `${deps.prefix}:opinions`, opinionNewsSchema, logger);
  const service = new OpinionService({ db: deps.db, news, limiter: new OpinionSendLimiter(redis, deps.prefix, deps.limits) });
  // `local`: every replica hears the news, so each emits to its own sockets only.
  await news.listen(({ c: conferenceId, o: opinions, h: screen }) => {
    const consoles = io.of(namespaces.console).local;
    const sites = io.of(namespaces.site).local;
    consoles.to(opinionRoomName(conferenceId)).emit('opinionsChanged', { conferenceId, opinions } satisfies ConsoleEvent<'opinionsChanged'>);
    for (const o of opinions) sites.to(siteOpinionRoomName(conferenceId, o.siteId)).emit('opinionChanged', forSendingSite(o) satisfies SiteEvent<'opinionChanged'>);
    if (screen) sites.to(hallOpinionRoomName(conferenceId)).emit('hallOpinions', screen satisfies SiteEvent<'hallOpinions'>);
  });
  return { service, stop: () => news.close() };
}
