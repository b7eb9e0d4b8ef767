import { EventEmitter } from 'node:events';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';
import { defaultPlannerConfig, type PlannerConfig } from '../planner/model.js';
import { ConferenceRoom, rejoinGraceMs, type ConferenceOrigin, type RoomOutput } from './conference-room.js';
import type { PlanStore, StageStore } from './plan-store.js';

interface DirectoryEvents {
  /** Sessions whose media is gone (their node or worker died): they must rejoin. */
  sessionsLost: [string[]];
}

/**
 * The live conferences held by this replica. A room exists while a site is present; the
 * output is how a room reaches its sites' sockets without knowing about socket.io.
 */
export class RoomDirectory extends EventEmitter<DirectoryEvents> {
  private readonly rooms = new Map<string, ConferenceRoom>();
  private readonly opening = new Map<string, Promise<ConferenceRoom>>();

  constructor(
    private readonly fleet: NodeRegistry,
    private readonly logger: Logger,
    private readonly outputFor: (conferenceId: string) => RoomOutput,
    private readonly store: PlanStore,
    private readonly stages: StageStore,
    private readonly plannerConfig: PlannerConfig = defaultPlannerConfig,
  ) {
    super();
    const lost = (room: ConferenceRoom, sessionIds: string[]) => {
      if (!sessionIds.length) return;
      this.emit('sessionsLost', sessionIds);
      // If none of them comes back, the room must still go in the end.
      setTimeout(() => void this.releaseIfEmpty(room.conferenceId), rejoinGraceMs + 1000).unref();
    };
    fleet.on('nodeDown', (node) => {
      for (const room of this.rooms.values()) lost(room, room.nodeLost(node.nodeId));
    });
    fleet.on('workerRestarted', (node, index) => {
      for (const room of this.rooms.values()) lost(room, room.workerLost(node.nodeId, index));
    });
  }

  /**
   * The conference's live room, made on first need: around its stored plan when this replica (or
   * one before a restart) left one, else around its origin (the hall and its unit).
   */
  async roomFor(conferenceId: string, origin: ConferenceOrigin): Promise<ConferenceRoom> {
    const room = this.rooms.get(conferenceId);
    if (room) return room;
    let opening = this.opening.get(conferenceId);
    if (!opening) {
      opening = this.open(conferenceId, origin).finally(() => this.opening.delete(conferenceId));
      this.opening.set(conferenceId, opening);
    }
    return opening;
  }

  private async open(conferenceId: string, origin: ConferenceOrigin): Promise<ConferenceRoom> {
    const [stored, stage] = await Promise.all([this.store.load(conferenceId), this.stages.load(conferenceId)]);
    if (stored) this.logger.info({ conferenceId, sites: stored.sites.size, routers: stored.routers.size }, 'plan resumed');
    const room = new ConferenceRoom(
      conferenceId,
      stored ?? origin,
      this.fleet,
      this.logger,
      this.outputFor(conferenceId),
      this.plannerConfig,
      (plan) => this.store.save(conferenceId, plan),
      // The stage belongs to the conference, not to this room: it outlives an empty room (and its TTL ends it).
      { stage, save: (s) => this.stages.save(conferenceId, s) },
    );
    this.rooms.set(conferenceId, room);
    return room;
  }

  /** The rooms open now (for metrics). */
  list(): ConferenceRoom[] {
    return [...this.rooms.values()];
  }

  find(conferenceId: string): ConferenceRoom | undefined {
    return this.rooms.get(conferenceId);
  }

  /** Drops a room nobody is in any more, closing its routers on every node. */
  async releaseIfEmpty(conferenceId: string): Promise<void> {
    const room = this.rooms.get(conferenceId);
    if (!room?.isEmpty) return;
    this.rooms.delete(conferenceId);
    await Promise.all([room.close(), this.store.delete(conferenceId)]);
  }

  /** The conference ended: its room closes on every node, and neither plan nor stage is kept. */
  async end(conferenceId: string): Promise<void> {
    const room = this.rooms.get(conferenceId) ?? (await this.opening.get(conferenceId)?.catch(() => undefined));
    this.rooms.delete(conferenceId);
    await Promise.all([room?.close(), this.store.delete(conferenceId), this.stages.delete(conferenceId)]);
    if (room) this.logger.info({ conferenceId }, 'conference ended: room closed');
  }

  async closeAll(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    // Plans and stages stay stored: the next control plane resumes them.
    await Promise.all([this.store.flush(), this.stages.flush()]);
    await Promise.allSettled(rooms.map((r) => r.close()));
  }
}
