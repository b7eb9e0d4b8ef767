import { z } from 'zod';

/**
 * The cascade planner's inputs and outputs. Plain data, validated with zod where it crosses a
 * boundary (config from env, a plan read back from storage).
 */

export const plannerConfigSchema = z.object({
  /** Pipe hops from the origin router to the deepest router (origin -> province -> district = 2). */
  maxHops: z.number().int().min(1).default(3),
  /** Child pipes one router feeds: bounds each host's egress for the program. */
  maxFanOut: z.number().int().min(1).default(16),
  /** Share of a worker's measured capacity the planner may fill: a saturated worker collapses. */
  headroom: z.number().gt(0).max(1).default(0.8),
  /**
   * Slots (a site or a child pipe each) a router that may still feed children keeps free from
   * sites, so a full router never blocks the tree from growing below it.
   */
  pipeReserve: z.number().int().min(0).default(2),
  /** Consumers a site costs its worker (program audio + video); a child pipe costs its parent the same. */
  consumersPerSite: z.number().int().min(1).default(2),
  /**
   * Share of a core above which a worker is hot: it takes no new site or pipe, whatever its
   * consumer count says (its measured capacity lags; the CPU does not).
   */
  hotCpu: z.number().gt(0).default(0.85),
});
export type PlannerConfig = z.output<typeof plannerConfigSchema>;
export const defaultPlannerConfig: PlannerConfig = plannerConfigSchema.parse({});

/**
 * What the plan places on a router: a conference's site, or a console's receiver of thumbnails
 * (a viewer), placed near its operator's unit and costed like a site. Only sites take part in the
 * conference; a viewer's entry lives as long as the console's previews on one owner.
 */
export const receiverKindSchema = z.enum(['site', 'viewer']);
export type ReceiverKind = z.infer<typeof receiverKindSchema>;

export interface PlanSite {
  /** The site's id, or a viewer's (socket ids and site uuids never meet). */
  siteId: string;
  /** Unit codes from the root of the organisation tree down to the site's own unit (a viewer: its operator's). */
  ancestry: readonly string[];
  /** Absent: a site. */
  kind?: ReceiverKind;
}

/** Plans stored before receivers had a kind named their viewers `viewer:<id>`. */
const legacyViewerPrefix = 'viewer:';

export interface FleetWorker {
  index: number;
  /** Consumers this worker carries loss-free (as its node measured it, at most its node's config). */
  capacity: number;
  /** Consumers it carries for everything outside this plan. */
  load: number;
  /** Its CPU is above the hot mark: it keeps what it has and takes nothing new. */
  hot?: boolean;
}
export interface FleetNode {
  nodeId: string;
  localityTags: readonly string[];
  workers: readonly FleetWorker[];
}

/** A router key names one worker of one node: a conference has at most one router per worker. */
export type RouterKey = string;
export const routerKey = (nodeId: string, workerIndex: number): RouterKey => `${nodeId}/${workerIndex}`;

export interface PlannedRouter {
  key: RouterKey;
  nodeId: string;
  workerIndex: number;
  /** null for the origin router */
  parent: RouterKey | null;
}

export interface Pipe {
  parent: RouterKey;
  child: RouterKey;
}

/** What one planner operation changed: the live layer applies exactly this. */
export interface PlanDiff {
  placed: { siteId: string; router: RouterKey }[];
  /** Sites that were served elsewhere before this operation (they must reconnect). */
  moved: { siteId: string; from: RouterKey; to: RouterKey | null }[];
  removedSites: string[];
  /** Sites the fleet cannot take now (no capacity within the bounds). */
  unplaced: string[];
  routersAdded: PlannedRouter[];
  routersRemoved: PlannedRouter[];
  pipesAdded: Pipe[];
  pipesRemoved: Pipe[];
}

export const emptyDiff = (): PlanDiff => ({
  placed: [],
  moved: [],
  removedSites: [],
  unplaced: [],
  routersAdded: [],
  routersRemoved: [],
  pipesAdded: [],
  pipesRemoved: [],
});

/** The persisted form of a plan: enough to resume after a control-plane restart. */
export const planSnapshotSchema = z.object({
  version: z.literal(1),
  originSiteId: z.string().min(1),
  originAncestry: z.array(z.string().min(1)),
  routers: z.array(
    z.object({
      key: z.string().min(1),
      nodeId: z.string().min(1),
      workerIndex: z.number().int().min(0),
      parent: z.string().min(1).nullable(),
    }),
  ),
  sites: z.array(
    z
      .object({ siteId: z.string().min(1), ancestry: z.array(z.string().min(1)), router: z.string().min(1), kind: receiverKindSchema.optional() })
      .transform((s) => (!s.kind && s.siteId.startsWith(legacyViewerPrefix) ? { ...s, siteId: s.siteId.slice(legacyViewerPrefix.length), kind: 'viewer' as const } : s)),
  ),
});
export type PlanSnapshot = z.input<typeof planSnapshotSchema>;
