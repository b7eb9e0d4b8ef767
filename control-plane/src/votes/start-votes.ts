// Wires votes into a replica: the Redis tally, the bus between replicas, and the delivery of each
// vote's news to this replica's own sites and consoles of that conference.
import { namespaces } from '@lienthong/contracts';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Database } from '../db/database.js';
import type { AttendanceLedger } from '../domain/attendance-ledger.js';
import type { Logger } from '../logger.js';
import { voteRoomName } from './console-vote-handlers.js';
import { siteVoteRoomName } from './site-vote-handlers.js';
import { VoteBus } from './vote-bus.js';
import { forSites, VoteService } from './vote-service.js';
import { VoteTallyStore } from './vote-tally-store.js';

export async function startVotes(deps: {
  io: Server;
  redis: Redis;
  db: Database;
  attendance?: Pick<AttendanceLedger, 'waitingDelegates'>;
  prefix: string;
  logger: Logger;
  tickMs?: number;
}) {
  const { io, redis, logger } = deps;
  const subscriber = redis.duplicate();
  subscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis (votes subscriber) connection problem'));
  const bus = new VoteBus(redis, subscriber, deps.prefix, logger);
  const service = new VoteService({ db: deps.db, attendance: deps.attendance, store: new VoteTallyStore(redis, deps.prefix), bus, logger, tickMs: deps.tickMs });
  // `local`: every replica hears the bus, so each emits to its own sockets only.
  await bus.listen((conferenceId, news) => {
    service.heard(news);
    io.of(namespaces.site).local.to(siteVoteRoomName(conferenceId)).emit('voteChanged', forSites(news));
    io.of(namespaces.console).local.to(voteRoomName(conferenceId)).emit('voteChanged', news);
  });
  return {
    service,
    async stop() {
      await service.stop();
      await bus.close();
    },
  };
}
