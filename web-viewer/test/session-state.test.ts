import { describe, expect, it } from 'vitest';
import { nextSiteState, type SiteEvent, type SiteState, stateLabel } from '../src/site/session-state';

const connecting: SiteState = { kind: 'connecting' };
const joined: SiteState = { kind: 'joined' };
const receiving: SiteState = { kind: 'receiving' };
const ready: SiteState = { kind: 'ready' };
const notOpen: SiteState = { kind: 'error', code: 'CONFERENCE_NOT_OPEN' };

const connected: SiteEvent = { type: 'connected' };
const joinedEv: SiteEvent = { type: 'joined' };
const greeted: SiteEvent = { type: 'greeted' };
const joinClick: SiteEvent = { type: 'joinRequested' };
const video1: SiteEvent = { type: 'videoConsumers', count: 1 };
const video0: SiteEvent = { type: 'videoConsumers', count: 0 };
const network: SiteEvent = { type: 'failed', code: 'NETWORK' };

/** The whole transition table, written out: [from, event, to]. */
const table: [SiteState, SiteEvent, SiteState][] = [
  [connecting, connected, connecting],
  [connecting, joinedEv, joined],
  [connecting, video1, connecting],
  [connecting, video0, connecting],
  [connecting, network, { kind: 'error', code: 'NETWORK' }],
  [connecting, greeted, ready],
  [connecting, joinClick, connecting],
  [ready, greeted, ready],
  [ready, joinClick, connecting],
  [ready, joinedEv, joined],
  [ready, connected, connecting],
  [ready, video1, ready],
  [ready, network, { kind: 'error', code: 'NETWORK' }],
  [joined, greeted, joined],
  [joined, joinClick, joined],
  [receiving, greeted, receiving],
  [notOpen, greeted, notOpen],
  [notOpen, joinClick, notOpen],
  [joined, connected, connecting],
  [joined, joinedEv, joined],
  [joined, video1, receiving],
  [joined, video0, joined],
  [joined, network, { kind: 'error', code: 'NETWORK' }],
  [receiving, connected, connecting],
  [receiving, joinedEv, receiving],
  [receiving, video1, receiving],
  [receiving, video0, joined],
  [receiving, network, { kind: 'error', code: 'NETWORK' }],
  [notOpen, connected, connecting],
  [notOpen, joinedEv, notOpen],
  [notOpen, video1, notOpen],
  [notOpen, video0, notOpen],
  [notOpen, network, { kind: 'error', code: 'NETWORK' }],
];

describe('site state machine', () => {
  it.each(table)('%o + %o -> %o', (from, event, to) => {
    expect(nextSiteState(from, event)).toEqual(to);
  });

  it('labels states for the diagnostics hook', () => {
    expect([connecting, ready, joined, receiving, notOpen].map(stateLabel)).toEqual([
      'connecting',
      'ready',
      'joined',
      'receiving',
      'error:CONFERENCE_NOT_OPEN',
    ]);
  });
});
