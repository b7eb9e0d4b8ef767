import { LienthongError, type ProgramTrack } from '@lienthong/contracts';
import { EventEmitter } from 'node:events';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';
import { defaultPlannerConfig, type PlannerConfig } from '../planner/model.js';
import { ConferenceRoom, rejoinGraceMs, type ConferenceOrigin, type RoomOutput } from './conference-room.js';
import { roomHandle, isRoomOperation, runOperation, type RoomHandle, type RoomOperation } from './ownership/room-handle.js';
import type { RoomLease, RoomLeases } from './ownership/room-lease.js';
import type { RedisRoomMediaStore } from './ownership/room-media-store.js';
import type { RoomRelay } from './ownership/room-relay.js';
import { OnAirRecorder, type ProgramFlowsWriter } from './on-air.js';
import type { PlanStore, StageStore } from './plan-store.js';
import { fencedFleet } from './room-fleet.js';

interface DirectoryEvents {
  /** Sessions whose media is gone (their node or worker died): they must rejoin. */
  sessionsLost: [string[]];
  /** A room owned here changed its program (taps on any replica follow it through `programBus`). */
  programChanged: [string, ProgramTrack[]];
}

export interface DirectoryDeps {
  fleet: NodeRegistry;
  logger: Logger;
  outputFor: (conferenceId: string) => RoomOutput;
  store: PlanStore;
  stages: StageStore;
  /** The owners' media objects and present sites, so that a successor adopts them. */
  media: RedisRoomMediaStore;
  /** Who owns each live conference (a lease in Redis): one replica at a time. */
  leases: RoomLeases;
  /** How a room operation reaches the owner when it is another replica. */
  relay: RoomRelay;
  /** Records a conference live (the lifecycle's `programFlows`) once its program first flows. */
  programFlows: ProgramFlowsWriter;
  plannerConfig?: PlannerConfig;
}

/** How long a replica trusts what it read of a room's owner: the owner renews every second. */
const ownerCacheMs = 1000;
/** How soon a call that found no live owner looks again. */
const ownerRetryMs = 100;
/**
 * After adopting a room, how long its sessions have to show a socket on some replica: those whose
 * socket died with the old owner reconnect and rejoin within seconds (replacing their session);
 * one with no socket by then is gone for good and leaves.
 */
const adoptedSessionGraceMs = 20_000;
/** Operations after which a room may have nobody left in it. */
const mayEmpty: ReadonlySet<RoomOperation> = new Set(['leave', 'closePreviews']);

/**
 * The live conferences, across every control-plane replica. A conference's room lives on one
 * owner replica at a time (the holder of its lease); `handle()` gives the room wherever it is:
 * each operation runs here when this replica owns it, else is relayed to the owner. The first
 * replica that needs a room nobody owns takes the lease and opens it (around its stored plan and
 * stage, when an owner before it left them).
 */
export class RoomDirectory extends EventEmitter<DirectoryEvents> {
  private readonly rooms = new Map<string, { room: ConferenceRoom; lease: RoomLease }>();
  private readonly opening = new Map<string, Promise<boolean>>();
  private readonly owners = new Map<string, { replicaId: string; at: number }>();
  private readonly plannerConfig: PlannerConfig;

  /** Leases taken for rooms still opening (their stores may write before the room is listed). */
  private readonly leasing = new Map<string, RoomLease>();

  constructor(private readonly deps: DirectoryDeps) {
    super();
    this.plannerConfig = deps.plannerConfig ?? defaultPlannerConfig;
    // A room's state reaches Redis only under the fence this replica holds for it: an owner paused
    // past its lease cannot overwrite what its successor wrote since.
    const fenceOf = (conferenceId: string) => (this.rooms.get(conferenceId)?.lease ?? this.leasing.get(conferenceId))?.fence ?? null;
    deps.store.fencedBy?.(fenceOf);
    deps.stages.fencedBy?.(fenceOf);
    deps.media.fencedBy(fenceOf);
    const lost = (conferenceId: string, sessionIds: string[]) => {
      if (!sessionIds.length) return;
      this.emit('sessionsLost', sessionIds);
      // If none of them comes back, the room must still go in the end.
      setTimeout(() => void this.releaseIfEmpty(conferenceId), rejoinGraceMs + 1000).unref();
    };
    deps.fleet.on('nodeDown', (node) => {
      for (const { room } of this.rooms.values()) lost(room.conferenceId, room.nodeLost(node.nodeId));
    });
    deps.fleet.on('workerRestarted', (node, index) => {
      for (const { room } of this.rooms.values()) lost(room.conferenceId, room.workerLost(node.nodeId, index));
    });
  }

  get replicaId(): string {
    return this.deps.relay.replicaId;
  }

  /** Starts answering the room operations other replicas relay here. */
  async listen(): Promise<void> {
    await this.deps.relay.listen(async ({ conferenceId, method, args }) => {
      if (!isRoomOperation(method)) throw new LienthongError('UNKNOWN_MESSAGE', `No room operation ${method}`);
      const room = await this.localRoom(conferenceId);
      if (!room) throw new LienthongError('FENCED', `Replica ${this.replicaId} does not own conference ${conferenceId}`);
      return this.runHere(room, method, args);
    });
  }

  /**
   * The conference's room wherever it lives. With an origin, a room nobody owns is opened (here);
   * without one, an operation on a conference with no live room fails with CONFLICT.
   */
  handle(conferenceId: string, origin: ConferenceOrigin | null = null): RoomHandle {
    return roomHandle(conferenceId, (operation, args) => this.invoke(conferenceId, origin, operation, args));
  }

  /** The room's handle if it is live on some replica now, else null (nothing is opened). */
  async live(conferenceId: string): Promise<RoomHandle | null> {
    if ((await this.localRoom(conferenceId)) || (await this.ownerOf(conferenceId))) return this.handle(conferenceId);
    return null;
  }

  /** Reads a live room, or answers `absent` when the conference has none (also when it closed meanwhile). */
  async readLive<T>(conferenceId: string, read: (room: RoomHandle) => Promise<T>, absent: T): Promise<T> {
    const room = await this.live(conferenceId);
    if (!room) return absent;
    return read(room).catch((err: unknown) => {
      if (err instanceof LienthongError && err.code === 'CONFLICT') return absent;
      throw err;
    });
  }

  /** The room on this replica, taking the lease if nobody holds it (tests; the relay's owner side). */
  async roomFor(conferenceId: string, origin: ConferenceOrigin): Promise<ConferenceRoom> {
    await this.handle(conferenceId, origin).stageView();
    const room = this.rooms.get(conferenceId)?.room;
    if (!room) throw new LienthongError('CONFLICT', `Conference ${conferenceId} is owned by another replica`);
    return room;
  }

  /** The rooms this replica owns now (for metrics). */
  list(): ConferenceRoom[] {
    return [...this.rooms.values()].map((r) => r.room);
  }

  /** The conference's room if this replica owns it. */
  find(conferenceId: string): ConferenceRoom | undefined {
    return this.rooms.get(conferenceId)?.room;
  }

  /** Drops a room nobody is in any more, closing its routers on every node and giving up its lease. */
  async releaseIfEmpty(conferenceId: string): Promise<void> {
    const owned = this.rooms.get(conferenceId);
    if (!owned?.room.isEmpty) return;
    this.rooms.delete(conferenceId);
    await Promise.all([owned.room.close(), this.deps.store.delete(conferenceId), this.deps.media.delete(conferenceId)]);
    await owned.lease.release().catch((err: unknown) => this.deps.logger.warn({ err, conferenceId }, 'could not release a room lease'));
  }

  /** The conference ended: its room (if owned here) closes on every node, and neither plan nor stage is kept. */
  async end(conferenceId: string): Promise<void> {
    await this.opening.get(conferenceId)?.catch(() => undefined);
    const owned = this.rooms.get(conferenceId);
    this.rooms.delete(conferenceId);
    await Promise.all([owned?.room.close(), this.deps.store.delete(conferenceId), this.deps.stages.delete(conferenceId), this.deps.media.delete(conferenceId)]);
    await owned?.lease.release().catch(() => undefined);
    if (owned) this.deps.logger.info({ conferenceId }, 'conference ended: room closed');
  }

  /**
   * Shutting down: the rooms are handed over, not closed. Their plans, stages and media records
   * are written and the leases given up, so another replica (or the next start) adopts them with
   * their media untouched.
   */
  async closeAll(): Promise<void> {
    const owned = [...this.rooms.values()];
    await Promise.all([this.deps.store.flush(), this.deps.stages.flush(), this.deps.media.flush()]);
    this.rooms.clear();
    for (const { room } of owned) this.deps.media.discard(room.conferenceId);
    await Promise.allSettled(owned.map((o) => o.lease.release()));
    this.deps.relay.close();
  }

  /**
   * Runs one room operation where the room lives. A relayed call that meets no owner (it died, or
   * the room moved) looks for the owner again until a lease's lifetime has passed: by then a
   * live replica holds it, or this one takes it.
   */
  private async invoke(conferenceId: string, origin: ConferenceOrigin | null, operation: RoomOperation, args: unknown[]): Promise<unknown> {
    // Long enough for a dead owner's lease to run out and a relayed call to time out on top.
    const deadline = Date.now() + this.deps.leases.timing.leaseMs * 2 + this.deps.relay.timeoutMs;
    for (;;) {
      const room = await this.localRoom(conferenceId);
      if (room) return this.runHere(room, operation, args);
      const owner = await this.ownerOf(conferenceId);
      if (owner && owner !== this.replicaId) {
        try {
          return await this.deps.relay.call(owner, { conferenceId, method: operation, args });
        } catch (err) {
          const moved = err instanceof LienthongError && (err.code === 'TIMEOUT' || err.code === 'FENCED');
          if (!moved || Date.now() > deadline) throw err;
          this.owners.delete(conferenceId);
          // A dead owner answers "not listening" at once until its lease runs out: ask again shortly.
          await new Promise((r) => setTimeout(r, ownerRetryMs));
          continue;
        }
      }
      if (!origin) throw new LienthongError('CONFLICT', `Conference ${conferenceId} has no live room`);
      if (await this.open(conferenceId, origin)) continue;
      if (Date.now() > deadline) throw new LienthongError('TIMEOUT', `No replica took conference ${conferenceId}'s room in time`);
      // Another replica holds the lease but its owner record is not readable yet: ask again shortly.
      this.owners.delete(conferenceId);
      await new Promise((r) => setTimeout(r, ownerRetryMs));
    }
  }

  private async runHere(room: ConferenceRoom, operation: RoomOperation, args: unknown[]): Promise<unknown> {
    const answer = await runOperation(room, operation, args);
    if (mayEmpty.has(operation)) await this.releaseIfEmpty(room.conferenceId);
    return answer;
  }

  /** The room if this replica owns it (waiting for it to finish opening). */
  private async localRoom(conferenceId: string): Promise<ConferenceRoom | undefined> {
    await this.opening.get(conferenceId)?.catch(() => undefined);
    return this.rooms.get(conferenceId)?.room;
  }

  private async ownerOf(conferenceId: string): Promise<string | null> {
    const cached = this.owners.get(conferenceId);
    if (cached && Date.now() - cached.at < ownerCacheMs) return cached.replicaId;
    const owner = await this.deps.leases.ownerOf(conferenceId);
    if (owner) this.owners.set(conferenceId, { replicaId: owner.replicaId, at: Date.now() });
    else this.owners.delete(conferenceId);
    return owner?.replicaId ?? null;
  }

  /** Takes the conference's lease and opens its room here; false when another replica holds the lease. */
  private open(conferenceId: string, origin: ConferenceOrigin): Promise<boolean> {
    let opening = this.opening.get(conferenceId);
    if (!opening) {
      opening = this.acquireAndOpen(conferenceId, origin).finally(() => this.opening.delete(conferenceId));
      this.opening.set(conferenceId, opening);
    }
    return opening;
  }

  private async acquireAndOpen(conferenceId: string, origin: ConferenceOrigin): Promise<boolean> {
    const { leases, store, stages, media, logger } = this.deps;
    const lease = await leases.acquire(conferenceId);
    if (!lease) return false;
    this.leasing.set(conferenceId, lease);
    try {
      const [stored, stage, recorded] = await Promise.all([store.load(conferenceId), stages.load(conferenceId), media.load(conferenceId)]);
      const output = this.deps.outputFor(conferenceId);
      const room = new ConferenceRoom(
        conferenceId,
        stored ?? origin,
        fencedFleet(this.deps.fleet, () => ({ conferenceId, epoch: lease.fence })),
        logger,
        output,
        this.plannerConfig,
        (plan) => store.save(conferenceId, plan),
        // The stage belongs to the conference, not to this room: it outlives an empty room (and its TTL ends it).
        { stage, save: (s) => stages.save(conferenceId, s) },
      );
      const onAir = new OnAirRecorder(conferenceId, {
        write: this.deps.programFlows,
        holdsFence: async () => (this.rooms.get(conferenceId)?.lease ?? this.leasing.get(conferenceId)) === lease && (await lease.stillHeld()),
        logger,
      });
      room.on('programChanged', (program) => {
        this.emit('programChanged', conferenceId, program);
        void onAir.programIs(program);
      });
      room.on('detachedLeft', () => void this.releaseIfEmpty(conferenceId));
      room.recordTo(media.journal(conferenceId, room));
      if (stored?.sites.size) {
        // The room had an owner before (a restart, or a replica that died).
        const sites = [...stored.sites.values()].filter((placed) => placed.site.kind !== 'viewer').length;
        logger.info({ conferenceId, sites, routers: stored.routers.size, fence: lease.fence, adopting: recorded.size > 0 }, 'plan resumed');
        if (recorded.size) {
          // Its media goes on as it was: sites keep their sessions, transports and consumers.
          const lost = await room.adopt(recorded);
          if (lost.length) this.emit('sessionsLost', lost);
          void this.endUnrecordedSessions(conferenceId, room, output);
          this.checkAdoptedSessions(conferenceId, room, output);
          // A program that flowed under the previous owner may not have been recorded before it died.
          void onAir.programIs(room.programTracks());
        } else {
          // Nothing recorded to adopt: whoever is still connected rejoins, spread out.
          output.endAll('room-moved', sites);
        }
      }
      this.rooms.set(conferenceId, { room, lease });
      void lease.lost.then(() => this.leaseLost(conferenceId, room));
      this.owners.delete(conferenceId);
      return true;
    } catch (err) {
      await lease.release().catch(() => undefined);
      throw err;
    } finally {
      this.leasing.delete(conferenceId);
    }
  }

  /**
   * The owner records its sessions coalesced (`room-media-store.ts`): one that joined in its last
   * moments is connected but not in the record, and the new owner knows nothing of its media.
   * What the dead owner made for such a site is closed on its node, then the site rejoins, once,
   * spread out (a site whose earlier session is recorded keeps that media: both share its peer
   * id). Not awaited: a stalled replica answers the adapter's question only after its timeout,
   * and the room must not wait for it. Sockets whose join or resume is still on its way are not
   * listed (`sessionsHere`): at an owner's death every site that was connected to it is resuming,
   * and must not be ended for it.
   */
  private async endUnrecordedSessions(conferenceId: string, room: ConferenceRoom, output: RoomOutput): Promise<void> {
    const connected = await output.connectedSessions().catch((err: unknown) => {
      this.deps.logger.warn({ err, conferenceId }, 'could not list the sessions connected to an adopted room');
      return new Map<string, string | null>();
    });
    if (this.rooms.get(conferenceId)?.room !== room) return;
    const recorded = room.sessions();
    const [recordedSessions, recordedSites] = [new Set(recorded.map((s) => s.sessionId)), new Set(recorded.map((s) => s.siteId))];
    const unrecorded = [...connected].filter(([sessionId]) => !recordedSessions.has(sessionId));
    if (!unrecorded.length) return;
    const sites = [...new Set(unrecorded.flatMap(([, siteId]) => (siteId && !recordedSites.has(siteId) ? [siteId] : [])))];
    this.deps.logger.info({ conferenceId, sessions: unrecorded.length, sitesClosed: sites.length }, 'sessions the previous owner had not recorded rejoin');
    if (sites.length) await room.closeUnrecordedMedia(sites);
    output.endSessions(
      unrecorded.map(([sessionId]) => sessionId),
      'room-moved',
    );
  }

  /** Sessions adopted whose socket is nowhere once the grace is over leave (their site came back as a new session, or not at all). */
  private checkAdoptedSessions(conferenceId: string, room: ConferenceRoom, output: RoomOutput): void {
    const adopted = room.sessions();
    setTimeout(() => {
      if (this.rooms.get(conferenceId)?.room !== room) return;
      void output
        .liveSessions(adopted.map((s) => s.sessionId))
        .then(async (alive) => {
          const gone = adopted.filter((s) => !alive.has(s.sessionId));
          for (const s of gone) await room.leave(s.siteId, s.sessionId);
          if (gone.length) this.deps.logger.info({ conferenceId, gone: gone.length }, 'adopted sessions without a socket left');
          await this.releaseIfEmpty(conferenceId);
        })
        .catch((err: unknown) => this.deps.logger.warn({ err, conferenceId }, 'could not check the adopted sessions'));
    }, adoptedSessionGraceMs).unref();
  }

  /**
   * Another replica owns the room now (this one stalled past its lease, or lost Redis): the room
   * is dropped here without touching its media, which the new owner carries on with.
   */
  private leaseLost(conferenceId: string, room: ConferenceRoom): void {
    if (this.rooms.get(conferenceId)?.room !== room) return;
    this.rooms.delete(conferenceId);
    this.deps.store.discard(conferenceId);
    this.deps.stages.discard(conferenceId);
    this.deps.media.discard(conferenceId);
    this.deps.logger.warn({ conferenceId }, 'room lease lost: another replica owns the conference now');
  }
}
