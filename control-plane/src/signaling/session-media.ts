import type { RouterCapabilities } from '@lienthong/contracts';
import type { MediaNodeHandle } from '../fleet/node-registry.js';

/** The media nodes this replica is linked to (every node dials every replica). */
export interface NodeLinks {
  has(nodeId: string): boolean;
  get(nodeId: string): MediaNodeHandle;
  /** What every node's routers offer, when they agree: told to sites before they join. */
  sharedRouterCapabilities(): RouterCapabilities | undefined;
}

/**
 * What one site socket's session holds on its media node, learnt from the room owner's answers
 * as they pass through this replica: the node, the transports and the consumers. Operations on
 * them that change nothing the room keeps (connecting a transport, an ICE restart, starting or
 * pausing a consumer, choosing its layer) go from the socket's replica straight to the node: a
 * call relayed to an owner on another replica costs both replicas a PUBLISH and JSON each way.
 * What this replica did not see made (a session resumed here from a socket elsewhere) is still
 * relayed to the owner, which knows it.
 */
export class SessionMedia {
  private nodeId: string | null = null;
  /** One of each, as the owner keeps them: a new one of a direction replaces the old. */
  private readonly transports = new Map<'send' | 'recv', string>();
  private readonly consumers = new Set<string>();

  constructor(private readonly links: NodeLinks) {}

  /** The session was placed (or resumed) on this node: whatever it held before is not its any more. */
  placed(nodeId: string): void {
    this.nodeId = nodeId;
    this.transports.clear();
    this.consumers.clear();
  }

  /** Its media opened anew (openMedia): both transports replaced, the old consumers gone with them. */
  opened(media: { recv: string; send: string | null; consumers: readonly string[] }): void {
    this.consumers.clear();
    this.transportMade('recv', media.recv);
    if (media.send) this.transportMade('send', media.send);
    for (const id of media.consumers) this.consumers.add(id);
  }

  transportMade(direction: 'send' | 'recv', transportId: string): void {
    // Consumers live on the receive transport: a replaced one took them along.
    if (direction === 'recv') this.consumers.clear();
    this.transports.set(direction, transportId);
  }

  consumerMade(consumerId: string): void {
    this.consumers.add(consumerId);
  }

  /** The node to send a command about these objects to directly; null when the owner must be asked. */
  nodeFor(objects: { transport?: string; consumers?: readonly string[] }): MediaNodeHandle | null {
    if (!this.nodeId || !this.links.has(this.nodeId)) return null;
    const transportKnown = objects.transport === undefined || [...this.transports.values()].includes(objects.transport);
    const consumersKnown = (objects.consumers ?? []).every((id) => this.consumers.has(id));
    return transportKnown && consumersKnown ? this.links.get(this.nodeId) : null;
  }
}
