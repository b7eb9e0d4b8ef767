import type { Logger } from '../logger.js';
import type { PlanDiff, PlannerConfig, RouterKey } from '../planner/model.js';
import type { CascadePlan, RouterState } from '../planner/plan.js';
import { leaveSite, loseRouters } from '../planner/planner.js';
import type { Cascade } from './cascade.js';
import { fleetInput } from './fleet-input.js';
import { presenceFields, restorePresence, restoreProgramEntry } from './presence-record.js';
import type { ProgramSync } from './program-sync.js';
import type { RoomFleet } from './room-fleet.js';
import type { RoomState } from './room-state.js';

/** The most peers one `closePeerTransports` names (its contract's limit). */
const closePeersAtOnce = 1000;

/** What re-placing sites tells the consoles' previews. */
export interface ReceiversAfterLoss {
  /** Routers were lost: consoles received there must open again. */
  routersLost(lost: ReadonlySet<RouterKey>): void;
  /** A site's camera is gone with its router. */
  siteGone(siteId: string): void;
}

/**
 * A room's recovery from failures: routers lost with their node or worker (their sites re-placed
 * and told to rejoin), and a room taken over from a previous owner (its media adopted as it is).
 */
export class RoomRecovery {
  /** A previous owner's console receivers, on routers that stay: closed when the room is adopted. */
  private readonly formerViewers: { viewerId: string; router: RouterKey }[] = [];

  constructor(
    private readonly o: {
      conferenceId: string;
      plan: CascadePlan;
      config: PlannerConfig;
      state: RoomState;
      sync: ProgramSync;
      cascade: Cascade;
      fleet: RoomFleet;
      previews: ReceiversAfterLoss;
      planChanged(diff: PlanDiff): void;
      logger: Logger;
    },
  ) {}

  /**
   * Consoles' receivers of a previous owner are not adopted: they leave the plan here (each
   * console is told to open its previews anew), and their transports are closed once the routers
   * are adopted (`adopt`). Answers the consoles to tell.
   */
  dropFormerViewers(): string[] {
    const { plan } = this.o;
    const viewers: string[] = [];
    for (const [viewerId, { site, router }] of [...plan.sites]) {
      if (site.kind !== 'viewer') continue;
      leaveSite(plan, viewerId);
      if (plan.routers.has(router)) this.formerViewers.push({ viewerId, router });
      viewers.push(viewerId);
    }
    return viewers;
  }

  /**
   * The planner re-places the sites of the lost routers and rehangs their orphaned subtrees. Media
   * is rebuilt through every router whose upstream changed: its old pipe copies are dead, and a
   * router cannot hold two producers with one id, so those routers are discarded and their sites
   * (moved or not) rejoin; the plan already says where they go. Returns the sessions that must rejoin.
   */
  routersLost(isLost: (r: RouterState) => boolean, why: string): string[] {
    const { plan, config, fleet, cascade, state, previews } = this.o;
    const lostKeys = [...plan.routers.values()].filter(isLost).map((r) => r.key);
    if (!lostKeys.length) return [];
    const diff = loseRouters(plan, isLost, fleetInput(fleet.list(), plan, config), config);
    this.o.planChanged(diff);
    const rebuilt = new Set<RouterKey>(lostKeys);
    for (const { child } of diff.pipesAdded)
      if (plan.routers.has(child) && !diff.routersAdded.some((r) => r.key === child))
        for (const k of plan.subtree(child)) rebuilt.add(k);
    for (const r of diff.routersRemoved) rebuilt.add(r.key);
    void cascade.discard(rebuilt);

    previews.routersLost(rebuilt);
    const lost = [...state.sites.values()].filter((s) => rebuilt.has(s.router));
    for (const s of lost) {
      state.sites.delete(s.siteId);
      state.touchSite(s.siteId);
      state.rejoining.set(s.siteId, Date.now());
      previews.siteGone(s.siteId);
    }
    const gone = [...state.program.values()].filter((e) => rebuilt.has(e.home));
    for (const e of gone) state.dropFromProgram(e.track.producerId);
    if (gone.length) this.o.sync.programChanged();
    this.o.logger.warn(
      { conferenceId: this.o.conferenceId, moved: diff.moved.length, rejoining: lost.length, unplaced: diff.unplaced.length },
      `${why}: sites re-placed`,
    );
    return lost.map((s) => s.sessionId);
  }

  /**
   * Takes the room over from a previous owner without touching its media: its routers, pipes and
   * copies, its present sites (same sessions, transports, producers, consumers) and its program.
   * Routers the nodes no longer have are re-planned as a node loss is; answers the sessions that
   * must rejoin because of that.
   */
  async adopt(stored: ReadonlyMap<string, unknown>): Promise<string[]> {
    const { plan, fleet, cascade, state } = this.o;
    // Right after a control-plane restart the plan's nodes may not have dialled back yet: a router
    // is judged lost only once its node had the start-up grace to return (no wait on a replica
    // long up, which took over from a dead owner).
    const nodes = new Set([...plan.routers.values()].map((r) => r.nodeId));
    await Promise.all([...nodes].map((nodeId) => fleet.awaitStartup(nodeId)));
    const lost = new Set(await cascade.adopt(stored));
    for (const [field, raw] of stored) {
      if (!field.startsWith(presenceFields.site)) continue;
      const site = restorePresence(raw);
      if (site && plan.sites.get(site.siteId)?.router === site.router) state.sites.set(site.siteId, site);
    }
    // The program after the sites: an entry counts only while its site is present.
    for (const [field, raw] of stored) {
      if (!field.startsWith(presenceFields.program)) continue;
      const entry = restoreProgramEntry(raw);
      if (entry && state.sites.has(entry.track.siteId)) state.program.set(entry.track.producerId, entry);
    }
    await this.closeFormerViewers(lost);
    this.o.logger.info({ conferenceId: this.o.conferenceId, sites: state.sites.size, program: state.program.size, lostRouters: lost.size }, 'room adopted from its previous owner');
    return lost.size ? this.routersLost((r) => lost.has(r.key), 'routers gone while the room changed owner') : [];
  }

  /**
   * Closes what a previous owner made for sites it had not recorded (they joined in its last
   * moments, and rejoin): their transports on every router of the conference, found by the site as
   * their peer. Left open, each would hold its node's ports until the conference ends.
   */
  async closeUnrecordedMedia(siteIds: readonly string[]): Promise<void> {
    const { cascade, fleet, logger, conferenceId } = this.o;
    await Promise.all(
      cascade.keys().map(async (key) => {
        try {
          const { nodeId, routerId } = await cascade.routerOn(key);
          for (let i = 0; i < siteIds.length; i += closePeersAtOnce)
            await fleet.get(nodeId).call('closePeerTransports', { routerId, peerIds: siteIds.slice(i, i + closePeersAtOnce) });
        } catch (err) {
          logger.warn({ err, conferenceId, router: key }, 'could not close the media of sessions the previous owner had not recorded');
        }
      }),
    );
  }

  /** Closes the previous owner's console receivers on the routers adopted (a lost router took its own). */
  private async closeFormerViewers(lost: ReadonlySet<RouterKey>): Promise<void> {
    const { plan, cascade, fleet } = this.o;
    const byRouter = new Map<RouterKey, string[]>();
    for (const { viewerId, router } of this.formerViewers.splice(0)) {
      if (!lost.has(router) && plan.routers.has(router)) byRouter.set(router, [...(byRouter.get(router) ?? []), viewerId]);
    }
    await Promise.all(
      [...byRouter].map(async ([key, peerIds]) => {
        const { nodeId, routerId } = await cascade.routerOn(key);
        await fleet.get(nodeId).call('closePeerTransports', { routerId, peerIds });
      }).map((closing) => closing.catch((err: unknown) => this.o.logger.warn({ err }, 'could not close a previous owner\'s console receivers'))),
    );
  }
}
