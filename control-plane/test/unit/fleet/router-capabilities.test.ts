import { describe, expect, it } from 'vitest';
import { sharedRouterCapabilities, taggedRouterCapabilities } from '../../../src/fleet/router-capabilities.js';

const opus = { kind: 'audio' as const, mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 };
const vp8 = { kind: 'video' as const, mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 };
const node = (codecs: (typeof opus | typeof vp8)[] | null) => ({ routerCapabilities: codecs && taggedRouterCapabilities({ codecs, headerExtensions: [] }) });

describe("a node's router capabilities, tagged", () => {
  it('get the same tag for the same capabilities, and another for any difference', () => {
    expect(node([opus, vp8]).routerCapabilities!.tag).toBe(node([opus, vp8]).routerCapabilities!.tag);
    expect(node([opus, vp8]).routerCapabilities!.tag).not.toBe(node([opus, { ...vp8, preferredPayloadType: 102 }]).routerCapabilities!.tag);
  });

  it("are the fleet's when every node offers the same", () => {
    expect(sharedRouterCapabilities([node([opus, vp8]), node([opus, vp8])])).toEqual(node([opus, vp8]).routerCapabilities);
  });

  it('are nobody\'s with no node, a node that did not say, or two that differ (a rolling update)', () => {
    expect(sharedRouterCapabilities([])).toBeUndefined();
    expect(sharedRouterCapabilities([node([opus, vp8]), node(null)])).toBeUndefined();
    expect(sharedRouterCapabilities([node([opus, vp8]), node([opus])])).toBeUndefined();
  });
});
