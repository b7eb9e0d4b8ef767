import type { FailureCode } from '../shared/failure';

/**
 * The site endpoint's connection state machine. Pure: the session feeds it events and renders
 * (and exposes to tests) whatever state comes out. The transition table lives in
 * session-state.test.ts.
 */
export type SiteState =
  | { kind: 'connecting' }
  /** Connected and greeted; the device check waits for the "join" click. */
  | { kind: 'ready' }
  | { kind: 'joined' }
  | { kind: 'receiving' }
  | { kind: 'error'; code: FailureCode };

export type SiteEvent =
  /** The signaling socket is (again) connected; a join is on its way. */
  | { type: 'connected' }
  /** The server greeted us (who we are, which conference) and no join was asked for yet. */
  | { type: 'greeted' }
  /** The operator clicked "join" on the device check. */
  | { type: 'joinRequested' }
  /** The join was answered and the media path is being set up. */
  | { type: 'joined' }
  /** The number of live video consumers changed. */
  | { type: 'videoConsumers'; count: number }
  /** Something failed; the session decides separately whether to retry. */
  | { type: 'failed'; code: FailureCode };

export const initialSiteState: SiteState = { kind: 'connecting' };

export function nextSiteState(state: SiteState, event: SiteEvent): SiteState {
  switch (event.type) {
    case 'failed':
      return { kind: 'error', code: event.code };
    case 'connected':
      return { kind: 'connecting' };
    case 'greeted':
      return state.kind === 'connecting' ? { kind: 'ready' } : state;
    case 'joinRequested':
      return state.kind === 'ready' ? { kind: 'connecting' } : state;
    case 'joined':
      return state.kind === 'connecting' || state.kind === 'ready' ? { kind: 'joined' } : state;
    case 'videoConsumers':
      if (state.kind === 'joined' && event.count > 0) return { kind: 'receiving' };
      if (state.kind === 'receiving' && event.count === 0) return { kind: 'joined' };
      return state;
  }
}

/** The state as one string, for `window.__lienthong.state` and `document.body.dataset.state`. */
export function stateLabel(state: SiteState): string {
  return state.kind === 'error' ? `error:${state.code}` : state.kind;
}
