import { createHash } from 'node:crypto';
import type { RouterCapabilities, WireRtpCapabilities } from '@lienthong/contracts';

/**
 * A node's router capabilities with a tag naming them by content: equal capabilities get equal
 * tags on every replica, so a join can say which ones its browser loaded in a few bytes.
 */
export function taggedRouterCapabilities(rtpCapabilities: WireRtpCapabilities): RouterCapabilities {
  const tag = createHash('sha256').update(JSON.stringify(rtpCapabilities)).digest('base64url').slice(0, 22);
  return { rtpCapabilities, tag };
}

/**
 * What every connected node's routers offer, when they all offer the same: none connected, or
 * two that differ (a rolling update that changed the codecs), and sites load them after joining.
 */
export function sharedRouterCapabilities(nodes: Iterable<{ routerCapabilities: RouterCapabilities | null }>): RouterCapabilities | undefined {
  let shared: RouterCapabilities | undefined;
  for (const { routerCapabilities } of nodes) {
    if (!routerCapabilities || (shared && shared.tag !== routerCapabilities.tag)) return undefined;
    shared = routerCapabilities;
  }
  return shared;
}
