import { programTrackSchema, type ProgramTrack } from '@lienthong/contracts';
import { EventEmitter } from 'node:events';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { RoomDirectory } from './room-directory.js';

const programChangedSchema = z.tuple([z.string(), z.array(programTrackSchema)]);

/**
 * Each live conference's program as it changes, on every replica: a recorder's tap may be held by
 * a replica that does not own the room. The owner's changes go to the other replicas through the
 * socket.io adapter's server-side events (fire and forget: a tap that misses one asks again).
 */
export class ProgramFeed {
  private readonly followers = new EventEmitter<Record<string, [ProgramTrack[]]>>();

  constructor(io: Server, rooms: RoomDirectory, logger: Logger) {
    this.followers.setMaxListeners(0);
    rooms.on('programChanged', (conferenceId, program) => {
      this.followers.emit(conferenceId, program);
      io.serverSideEmit('programChanged', conferenceId, program);
    });
    io.on('programChanged', (...args: unknown[]) => {
      const parsed = programChangedSchema.safeParse(args);
      if (!parsed.success) return logger.warn({ error: parsed.error.message }, 'unreadable program change from another replica');
      this.followers.emit(parsed.data[0], parsed.data[1]);
    });
  }

  /** Calls `listener` with the conference's program on every change; answers how to stop. */
  follow(conferenceId: string, listener: (program: ProgramTrack[]) => void): () => void {
    this.followers.on(conferenceId, listener);
    return () => this.followers.off(conferenceId, listener);
  }
}
