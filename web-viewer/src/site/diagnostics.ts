import type { SiteRole } from '@lienthong/contracts';
import { emptyInbound, emptyOutbound, type InboundStats, type OutboundStats, type SentLayer } from './stats.js';

/**
 * The hook the end-to-end tests (and technicians, from the browser console) read:
 * `window.__lienthong`. Plain data fields, refreshed on every change, plus async stat readers.
 */
export interface LienthongDiagnostics {
  /** 'connecting' | 'joined' | 'receiving' | 'error:<CODE>' */
  state: string;
  role: SiteRole | null;
  conferenceId: string | null;
  siteId: string | null;
  /** Name of the site whose video is on screen. */
  speaker: string | null;
  /** Name of the site whose shared screen is on screen (null: no presentation shown). */
  presentation: string | null;
  /** This site shares its screen. */
  presenting: boolean;
  /** What the node is asked to forward: 'full' | 'low' | 'audio'. */
  receiveLevel: string;
  /** ICE/DTLS state of the media transports, e.g. { recv: 'connected', send: 'connected' }. */
  transports: Partial<Record<'send' | 'recv', string>>;
  /** Sums over the receive transport's `inbound-rtp` stats, by kind. */
  inboundStats(): Promise<InboundStats>;
  /** The shown presentation's own inbound stats (null: none shown). */
  presentationStats(): Promise<InboundStats | null>;
  /** The shared screen's simulcast layers as sent (empty unless this site presents). */
  presentationSent(): Promise<SentLayer[]>;
  /** Stills of the slides shown while receiving sound only, in the current join. */
  slideStills(): number;
  /** Sums over the send transport's `outbound-rtp` stats, by kind (zeros unless hall). */
  outboundStats(): Promise<OutboundStats>;
  consumerIds(): string[];
  /** The hall's producers' codecs and their parameters (Opus: useinbandfec, usedtx). */
  sentCodecs(): { kind: string; mimeType: string; parameters: Record<string, unknown> }[];
  /** ICE restarts of this join: network blips healed without rejoining. */
  iceRestarts(): number;
  /** Sessions taken over on a new signaling connection (its link or replica dropped) without rejoining. */
  sessionResumes(): number;
  /** This join's media came with the join's answer (no `openMedia` of its own). */
  mediaOpenedWithJoin(): boolean;
  /** The node made this join's media ready to use (`ReadyMedia`): no request connected a transport or started a consumer. */
  mediaOpenedReady(): boolean;
}

declare global {
  interface Window {
    __lienthong?: LienthongDiagnostics;
  }
}

export interface DiagnosticsSource {
  inboundStats(): Promise<InboundStats>;
  presentationStats(): Promise<InboundStats | null>;
  presentationSent(): Promise<SentLayer[]>;
  slideStills(): number;
  outboundStats(): Promise<OutboundStats>;
  consumerIds(): string[];
  sentCodecs(): ReturnType<LienthongDiagnostics['sentCodecs']>;
  iceRestarts(): number;
  sessionResumes(): number;
  mediaOpenedWithJoin(): boolean;
  mediaOpenedReady(): boolean;
}

type DiagnosticsFields = Pick<
  LienthongDiagnostics,
  'state' | 'role' | 'conferenceId' | 'siteId' | 'speaker' | 'presentation' | 'presenting' | 'receiveLevel' | 'transports'
>;

/** What the hook says before (or without) a session. */
export const noSessionFields: DiagnosticsFields = {
  state: 'connecting',
  role: null,
  conferenceId: null,
  siteId: null,
  speaker: null,
  presentation: null,
  presenting: false,
  receiveLevel: 'full',
  transports: {},
};

/** Installs (or refreshes) `window.__lienthong` and mirrors the state on `document.body.dataset.state`. */
export function publishDiagnostics(fields: DiagnosticsFields, source: DiagnosticsSource | null): void {
  const hook: LienthongDiagnostics = (window.__lienthong ??= {
    ...noSessionFields,
    inboundStats: () => Promise.resolve(emptyInbound(performance.now())),
    presentationStats: () => Promise.resolve(null),
    presentationSent: () => Promise.resolve([]),
    slideStills: () => 0,
    outboundStats: () => Promise.resolve(emptyOutbound(performance.now())),
    consumerIds: () => [],
    sentCodecs: () => [],
    iceRestarts: () => 0,
    sessionResumes: () => 0,
    mediaOpenedWithJoin: () => false,
    mediaOpenedReady: () => false,
  });
  Object.assign(hook, fields);
  if (source) {
    hook.inboundStats = () => source.inboundStats();
    hook.presentationStats = () => source.presentationStats();
    hook.presentationSent = () => source.presentationSent();
    hook.slideStills = () => source.slideStills();
    hook.outboundStats = () => source.outboundStats();
    hook.consumerIds = () => source.consumerIds();
    hook.sentCodecs = () => source.sentCodecs();
    hook.iceRestarts = () => source.iceRestarts();
    hook.sessionResumes = () => source.sessionResumes();
    hook.mediaOpenedWithJoin = () => source.mediaOpenedWithJoin();
    hook.mediaOpenedReady = () => source.mediaOpenedReady();
  }
  document.body.dataset.state = fields.state;
}
