import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { NodeRegistry } from '../../src/fleet/node-registry.js';
import type { RoomOutput } from '../../src/live/conference-room.js';
import { RoomLeases, type LeaseTiming } from '../../src/live/ownership/room-lease.js';
import { RedisRoomMediaStore } from '../../src/live/ownership/room-media-store.js';
import { RoomRelay } from '../../src/live/ownership/room-relay.js';
import { RedisPlanStore, RedisStageStore } from '../../src/live/plan-store.js';
import { RoomDirectory } from '../../src/live/room-directory.js';
import { silentOutput } from './room-output.js';

const logger = pino({ level: 'silent' });

/**
 * A room directory as one control-plane replica has it (its own replica id, Redis connections,
 * lease and relay on the real Redis), without the rest of the control plane. `stop()` is a replica
 * shutting down; `crash()` one losing Redis for good (it renews and answers nothing any more).
 */
export async function startReplicaRooms(o: {
  redis: Redis;
  fleet: NodeRegistry;
  prefix?: string;
  outputFor?: (conferenceId: string) => RoomOutput;
  timing?: LeaseTiming;
  /** Where the conference is recorded live (default: nowhere, these directories have no database). */
  programFlows?: (conferenceId: string) => Promise<boolean>;
}) {
  const prefix = o.prefix ?? 'lienthong';
  const replicaId = `test-${randomUUID().slice(0, 8)}`;
  const redis = o.redis.duplicate();
  const subscriber = o.redis.duplicate();
  for (const c of [redis, subscriber]) c.on('error', () => undefined); // a crashed replica's connections complain
  const rooms = new RoomDirectory({
    fleet: o.fleet,
    logger,
    outputFor: o.outputFor ?? (() => silentOutput),
    store: new RedisPlanStore(redis, logger, prefix),
    stages: new RedisStageStore(redis, logger, prefix),
    media: new RedisRoomMediaStore(redis, logger, prefix),
    leases: new RoomLeases(redis, prefix, replicaId, logger, o.timing),
    relay: new RoomRelay(redis, subscriber, prefix, replicaId, logger),
    programFlows: o.programFlows ?? (async () => false),
  });
  await rooms.listen();
  return Object.assign(rooms, {
    async stop() {
      await rooms.closeAll();
      redis.disconnect();
      subscriber.disconnect();
    },
    crash() {
      redis.disconnect();
      subscriber.disconnect();
    },
  });
}
