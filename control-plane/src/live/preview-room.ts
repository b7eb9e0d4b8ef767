import type { Logger } from '../logger.js';
import type { PlanDiff, PlannerConfig } from '../planner/model.js';
import type { CascadePlan } from '../planner/plan.js';
import { joinSite, leaveSite } from '../planner/planner.js';
import type { Cascade } from './cascade.js';
import { fleetInput } from './fleet-input.js';
import type { ProgramSync } from './program-sync.js';
import type { RoomFleet } from './room-fleet.js';
import type { PreviewRoom } from './room-previews.js';
import type { RoomState } from './room-state.js';

/**
 * What a room gives its consoles' previews: consoles' receivers enter its plan as viewers (the
 * planner counts their load and places them near their operator's unit), and the previews see
 * sites' cameras, the program and the cascade only through these operations.
 */
export function previewRoom(o: {
  conferenceId: string;
  logger: Logger;
  plan: CascadePlan;
  config: PlannerConfig;
  fleet: RoomFleet;
  cascade: Cascade;
  state: RoomState;
  sync: ProgramSync;
  planChanged(diff: PlanDiff): void;
}): PreviewRoom {
  const { plan, config, fleet, cascade, state, sync } = o;
  return {
    conferenceId: o.conferenceId,
    logger: o.logger,
    async placeViewer(viewerId, ancestry) {
      o.planChanged(joinSite(plan, { siteId: viewerId, ancestry, kind: 'viewer' }, fleetInput(fleet.list(), plan, config), config));
      const key = plan.sites.get(viewerId)?.router;
      const router = key ? await cascade.routerOn(key).catch(() => null) : null;
      if (key && router) return { router: key, ...router };
      o.planChanged(leaveSite(plan, viewerId));
      return null;
    },
    removeViewer: (viewerId) => o.planChanged(leaveSite(plan, viewerId)),
    node: (nodeId) => fleet.get(nodeId),
    isHot(key) {
      const router = plan.routers.get(key);
      const load = router && fleet.list().find((n) => n.nodeId === router.nodeId)?.workers.find((w) => w.index === router.workerIndex);
      return !!load && load.cpu >= config.hotCpu;
    },
    carry: (producerId, from, to) => cascade.carry(producerId, from, to),
    dropCopies: (producerId) => cascade.dropCopies(producerId),
    videoOf(siteId) {
      const site = state.sites.get(siteId);
      const video = site && [...site.producers].find(([, p]) => p.source === 'camera');
      return site && video ? { producerId: video[0], router: site.router } : null;
    },
    inProgram(siteId) {
      const site = state.sites.get(siteId);
      return !!site && sync.inProgram(siteId, site.role);
    },
    async watchChanged(siteId) {
      const site = state.sites.get(siteId);
      if (site) await sync.syncSite(site);
    },
  };
}
