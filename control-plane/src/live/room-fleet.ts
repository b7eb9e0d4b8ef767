import type { Fence, NodeCommands, NodeFeature, RequestOf, ResponseOf, RouterCapabilities } from '@lienthong/contracts';
import type { MediaNodeHandle, NodeRegistry } from '../fleet/node-registry.js';

/** A media node as one room commands it. */
export interface NodeCommander {
  readonly nodeId: string;
  /** What its routers offer, tagged (`taggedRouterCapabilities`); null from a node that did not say. */
  readonly routerCapabilities: RouterCapabilities | null;
  supports(feature: NodeFeature): boolean;
  call<K extends Extract<keyof NodeCommands, string>>(name: K, request: RequestOf<NodeCommands, K>): Promise<ResponseOf<NodeCommands, K>>;
}

/** The fleet as a room sees it: the nodes to place on, and the way to command them. */
export interface RoomFleet {
  get(nodeId: string): NodeCommander;
  has(nodeId: string): boolean;
  list(): readonly MediaNodeHandle[];
  awaitStartup(nodeId?: string): Promise<void>;
}

/**
 * The fleet seen by the owner of one conference: every command it sends is stamped with the
 * owner's current fence, so a node refuses it once a later owner has acted (issue 13's fencing).
 */
export function fencedFleet(fleet: NodeRegistry, fence: () => Fence): RoomFleet {
  return {
    get(nodeId) {
      const node = fleet.get(nodeId);
      return {
        nodeId,
        routerCapabilities: node.routerCapabilities,
        supports: (feature) => node.supports(feature),
        call: (name, request) => node.call(name, { ...request, fence: fence() }),
      };
    },
    has: (nodeId) => fleet.has(nodeId),
    list: () => fleet.list(),
    awaitStartup: (nodeId) => fleet.awaitStartup(nodeId),
  };
}
