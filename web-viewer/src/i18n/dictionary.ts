import type { AlertKind, ConferenceStatus, HealthStatus, LinkProfile, SiteRole } from '@lienthong/contracts';
import type { FailureCode } from '../shared/failure';
import type { Presence } from '../console/live/presence';
import type { FieldTexts } from './field-dictionary';
import type { OperatorDictionary } from './operator-dictionary';
import type { ReceiveLevel } from '../site/receive/receive-level';
import type { SiteState } from '../site/session-state';
import type { ReplayTexts } from './replay-dictionary';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** Every text the app shows. Each language must fill every entry: the compiler checks it. */
export interface Dictionary {
  /** The language's own name, shown on the toggle that switches to it. */
  selfName: string;
  appName: string;
  appTagline: string;
  switchLanguage: string;
  retry: string;
  retrying: (attempt: number) => string;
  retryIn: (seconds: number) => string;
  technicalDetail: string;
  landing: {
    title: string;
    intro: string;
    sitesTitle: string;
    sitesText: string;
    operatorsTitle: string;
    operatorsText: string;
    logIn: string;
    tokenLabel: string;
    openConsole: string;
    replayTitle: string;
    replayText: string;
    openReplay: string;
  };
  site: {
    role: Record<SiteRole, string>;
    state: Record<SiteState['kind'], string>;
    connection: string;
    quality: string;
    qualityLevel: Record<'good' | 'fair' | 'poor' | 'none', string>;
    qualityDetail: (kbps: number, lossPercent: number, fps: number) => string;
    speaker: string;
    sending: string;
    sendingFloor: string;
    /** Shown while only the camera goes out, to an operator's thumbnail. */
    previewed: string;
    /** Sharing a screen (the hall, or the floor holder) and showing it next to the speaker. */
    presentation: {
      share: string;
      stop: string;
      sharing: string;
      label: string;
      presentedBy: (siteName: string) => string;
      showSlides: string;
      showSpeaker: string;
      /** Under the slides while the site receives sound only: a still, renewed every few seconds. */
      still: string;
    };
    stage: {
      raiseHand: string;
      lowerHand: string;
      handRaised: string;
      onFloor: string;
      muted: string;
      cannotSend: string;
    };
    papers: {
      open: string;
      close: string;
      agenda: string;
      noAgenda: string;
      documents: string;
      noDocuments: string;
      scanHint: string;
      qrFor: (title: string) => string;
    };
    notices: {
      title: string;
      from: (name: string, time: string) => string;
      dismiss: string;
    };
    waitingForProgram: string;
    tapForSound: string;
    takeOver: string;
    takeOverQuestion: string;
    connectedSince: (when: string) => string;
    /** The control plane's link dropped; the picture and sound go on while it comes back. */
    resuming: string;
    confirmTakeOver: string;
    noToken: string;
    delegates: (count: number) => string;
    fullscreen: string;
    exitFullscreen: string;
    controls: string;
  };
  deviceCheck: {
    title: string;
    hallNote: string;
    siteNote: string;
    camera: string;
    microphone: string;
    speaker: string;
    systemDefault: string;
    noDevice: string;
    preview: string;
    noPreview: string;
    micLevel: string;
    micHint: string;
    testTone: string;
    playingTone: string;
    speakerUnsupported: string;
    delegates: string;
    delegatesHint: string;
    join: string;
    joinWhenOpen: string;
    willJoinWhenOpen: string;
    connecting: string;
    devicesUnavailable: string;
  };
  notOpen: {
    title: string;
    startsAt: (dateTime: string) => string;
    countdown: (parts: { days: number; hours: number; minutes: number; seconds: number }) => string;
    due: string;
    autoJoin: string;
  };
  receive: {
    title: string;
    audioOnly: string;
    lowBandwidth: string;
    automatic: string;
    level: Record<ReceiveLevel, string>;
    now: (level: string) => string;
    adapted: string;
    audioOnlyOverlay: string;
  };
  console: {
    title: string;
    conferences: string;
    noConferences: string;
    nodes: string;
    noNodes: string;
    loading: string;
    updatedAt: (time: string) => string;
    status: Record<ConferenceStatus, string>;
    schedule: (start: string, end: string) => string;
    hostUnit: string;
    sitesConnected: (connected: number, total: number) => string;
    filter: string;
    showingFirst: (shown: number, total: number) => string;
    col: {
      connected: string;
      code: string;
      site: string;
      unit: string;
      tier: string;
      node: string;
      join: string;
      nodeId: string;
      address: string;
      locality: string;
      workers: string;
      lastSeen: string;
    };
    origin: string;
    connected: string;
    disconnected: string;
    notPlaced: string;
    openSite: string;
    workerLoad: (index: number, routers: number, transports: number, consumers: number) => string;
  };
  /** The operator console's own pages (login, units, scheduling, attendance). */
  operator: OperatorDictionary;
  replay: ReplayTexts;
  errors: Record<FailureCode, { title: string; hint: string }>;
  /** Sentences next to the fields a failure names. */
  fields: FieldTexts;
  /** Choosing a new password after signing in with a temporary one (console and replay alike). */
  newPassword: {
    title: string;
    intro: (name: string) => string;
    current: string;
    next: string;
    repeat: string;
    mismatch: string;
    submit: string;
    submitting: string;
    signOut: string;
  };
  /** The live console: site health of one conference (console/live). */
  liveConsole: {
    title: string;
    missingConference: string;
    connecting: string;
    live: string;
    reconnecting: string;
    sitesConnected: string;
    delegates: string;
    status: Record<HealthStatus, string>;
    /** A site's state on its tile: health while connected, or never came vs came and went. */
    presence: Record<Presence, string>;
    /** After the end nobody is connected: a site took part or never came. */
    afterEnd: Record<'lost' | 'notJoined', string>;
    tier: string;
    allTiers: string;
    unit: string;
    unitPlaceholder: string;
    problemsOnly: string;
    shown: (shown: number, total: number) => string;
    grid: string;
    table: string;
    col: {
      site: string;
      unit: string;
      tier: string;
      status: string;
      kbpsIn: string;
      kbpsOut: string;
      loss: string;
      rtt: string;
      lastSeen: string;
      link: string;
      receive: string;
      delegates: string;
      actions: string;
    };
    online: string;
    never: string;
    receive: Record<'full' | 'low' | 'tiny' | 'audio', string>;
    link: Record<LinkProfile, string>;
    alerts: string;
    noAlerts: string;
    alert: Record<AlertKind, string>;
    /** The status line's switch for the tiles' live pictures. */
    thumbnails: string;
    thumbnailOf: (site: string) => string;
  };
}
