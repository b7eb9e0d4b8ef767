import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { FencedWriter, type FencedOp, type FenceOf } from './fenced-writes.js';

/**
 * A live room's media objects as its owner made them (routers, pipes, copies carried, every
 * present site's transports, producers and consumers), kept in Redis so that the replica taking
 * the room over after its owner died adopts them instead of rebuilding the conference's media.
 *
 * One hash per conference, one field per object (a site, a router, a pipe…): a join storm writes
 * the fields that changed, coalesced every `coalesceMs`, not the whole room. A field's value is
 * read from the room when it is written (`MediaFields.read`), so repeated changes cost one write.
 */
export interface MediaFields {
  /** The field's current value, or null when it is gone (deleted from the hash). */
  read(field: string): unknown;
}

export interface RoomMediaJournal {
  /** The field changed: it is written soon. */
  touch(field: string): void;
}

/** State nobody touched for a day belongs to a conference long over. */
const ttlSeconds = 24 * 3600;
const coalesceMs = 200;

export class RedisRoomMediaStore {
  private readonly rooms = new Map<string, { fields: MediaFields; dirty: Set<string>; timer: NodeJS.Timeout | null }>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly writer: FencedWriter;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix = 'lienthong',
  ) {
    this.writer = new FencedWriter(redis, prefix);
  }

  /** From now on a room's records carry the fence this replica holds for it. */
  fencedBy(fenceOf: FenceOf): void {
    this.writer.fencedBy(fenceOf);
  }

  /** Every field stored for the conference (empty when none). */
  async load(conferenceId: string): Promise<Map<string, unknown>> {
    const raw = await this.redis.hgetall(this.keyOf(conferenceId));
    const fields = new Map<string, unknown>();
    for (const [field, json] of Object.entries(raw)) {
      try {
        fields.set(field, JSON.parse(json));
      } catch {
        this.logger.warn({ conferenceId, field }, 'unreadable stored media field dropped');
      }
    }
    return fields;
  }

  /** The journal a room owned here writes through. */
  journal(conferenceId: string, fields: MediaFields): RoomMediaJournal {
    const room = { fields, dirty: new Set<string>(), timer: null as NodeJS.Timeout | null };
    this.rooms.set(conferenceId, room);
    return {
      touch: (field) => {
        if (this.rooms.get(conferenceId) !== room) return; // the room moved or closed
        room.dirty.add(field);
        room.timer ??= setTimeout(() => this.write(conferenceId), coalesceMs);
      },
    };
  }

  /** The room closed for good: nothing of it is kept. */
  async delete(conferenceId: string): Promise<void> {
    this.discard(conferenceId);
    await this.redis.del(this.keyOf(conferenceId));
  }

  /** Pending changes are dropped unwritten (the room moved: its new owner writes from now on). */
  discard(conferenceId: string): void {
    const room = this.rooms.get(conferenceId);
    if (room?.timer) clearTimeout(room.timer);
    this.rooms.delete(conferenceId);
  }

  /** Writes whatever is pending, for every room (a replica handing its rooms over on shutdown). */
  async flush(): Promise<void> {
    for (const [conferenceId, room] of this.rooms) {
      if (room.timer) clearTimeout(room.timer);
      this.write(conferenceId);
    }
    await Promise.allSettled([...this.writes]);
  }

  private write(conferenceId: string): void {
    const room = this.rooms.get(conferenceId);
    if (!room) return;
    room.timer = null;
    if (!room.dirty.size) return;
    const key = this.keyOf(conferenceId);
    const fields = [...room.dirty];
    const ops: FencedOp[] = fields.map((field) => {
      const value = room.fields.read(field);
      return value === null || value === undefined ? { op: 'hdel', key, field } : { op: 'hset', key, field, value: JSON.stringify(value) };
    });
    room.dirty.clear();
    ops.push({ op: 'expire', key, ttlSeconds });
    const write = this.writer
      .write(conferenceId, ops)
      .then((written) => {
        if (written || this.rooms.get(conferenceId) !== room) return;
        // Refused: kept for the next try while this replica still holds the lease (a renewal
        // under a new fence); dropped once another replica owns the room.
        if (!this.writer.mayWrite(conferenceId)) return this.logger.warn({ conferenceId }, 'room media not stored: another replica owns the conference');
        for (const field of fields) room.dirty.add(field);
        room.timer ??= setTimeout(() => this.write(conferenceId), coalesceMs);
      })
      .catch((err: unknown) => this.logger.error({ conferenceId, err }, 'cannot store the room media'))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }

  private keyOf(conferenceId: string): string {
    return `${this.prefix}:room-media:${conferenceId}`;
  }
}
