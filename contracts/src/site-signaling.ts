import { z } from 'zod';
import {
  consumeRequestSchema,
  consumerParamsSchema,
  consumerStartSchema,
  openedMediaSchema,
  producedSchema,
  producedTracksSchema,
  produceRequestSchema,
  produceTracksRequestSchema,
  readyMediaSchema,
  dtlsParametersSchema,
  iceParametersSchema,
  idSchema,
  mediaKindSchema,
  preferredLayersSchema,
  rtpCapabilitiesSchema,
  startEstimateKbpsSchema,
  transportConnectSchema,
  webRtcTransportParamsSchema,
} from './media.js';
import { conferenceStatusSchema } from './api.js';
import { siteDocumentSchema } from './documents.js';
import { message } from './rpc.js';
import { noticeSchema, siteStageStateSchema } from './stage.js';
import { siteHealthReportSchema } from './site-health.js';
import { linkProfileSchema } from './sites.js';
import { voteEvents, voteSiteRequests } from './votes.js';
import { opinionSiteEvents, opinionSiteRequests } from './opinions.js';

/** Signaling between a site's browser and the control plane (socket.io namespace /site). */
const empty = z.object({});

export const siteRoleSchema = z.enum(['hall', 'site']);
export type SiteRole = z.infer<typeof siteRoleSchema>;

/**
 * What a site's track carries: its camera, its microphone, or a screen or window it shares (a
 * presentation: slides, a document), which travels as a second video of the program.
 */
export const trackSourceSchema = z.enum(['camera', 'microphone', 'presentation']);
export type TrackSource = z.infer<typeof trackSourceSchema>;

/** One track of the conference program (what every site receives). */
export const programTrackSchema = z.object({
  producerId: idSchema,
  kind: mediaKindSchema,
  source: trackSourceSchema,
  siteId: idSchema,
  siteName: z.string(),
  /** the sending site's unit, shown with its name under the program ("who is speaking") */
  unitName: z.string(),
});
export type ProgramTrack = z.infer<typeof programTrackSchema>;

/**
 * The router capabilities every live media node gives its routers, named by a tag: a browser that
 * loaded its Device with them before joining sends the tag with its join (`join.media`), and the
 * join opens its media in the same request when the router it is placed on has the same tag.
 */
export const routerCapabilitiesSchema = z.object({ rtpCapabilities: rtpCapabilitiesSchema, tag: z.string().min(1).max(64) });
export type RouterCapabilities = z.infer<typeof routerCapabilitiesSchema>;

/** Who the token says this is, and which conference it opens: shown on the device check. */
export const siteWelcomeSchema = z.object({
  conference: z.object({
    id: idSchema,
    title: z.string(),
    status: conferenceStatusSchema,
    scheduledStart: z.iso.datetime(),
    scheduledEnd: z.iso.datetime(),
  }),
  /** `linkProfile`: how the site is connected, as its operator recorded it (a weak one starts gently). */
  site: z.object({ id: idSchema, name: z.string(), unitName: z.string(), linkProfile: linkProfileSchema.optional() }),
  role: siteRoleSchema,
  /** The conference's agenda, as the organisers wrote it. */
  agenda: z.string().nullable(),
  /** Its public documents, each with the link its QR code carries (never internal or secret ones). */
  documents: z.array(siteDocumentSchema),
  /** Absent while no media node is connected, or while the nodes' capabilities differ (a rolling update). */
  routerCapabilities: routerCapabilitiesSchema.optional(),
});
export type SiteWelcome = z.infer<typeof siteWelcomeSchema>;

/** `details` of the CONFERENCE_NOT_OPEN refusal a site's connection gets: enough for a countdown. */
/** The `details` of a BUSY refusal: the replica's own estimate of when its join queue has room. */
export const busyDetailsSchema = z.object({ retryAfterMs: z.number().int().min(0) });
export type BusyDetails = z.infer<typeof busyDetailsSchema>;

export const conferenceNotOpenDetailsSchema = z.object({
  status: conferenceStatusSchema,
  scheduledStart: z.iso.datetime(),
  scheduledEnd: z.iso.datetime(),
});
export type ConferenceNotOpenDetails = z.infer<typeof conferenceNotOpenDetailsSchema>;

/** What a join (or a resumed session) answers: the welcome, the router's capabilities, the program and the stage. */
export const siteJoinedSchema = siteWelcomeSchema.extend({
  routerRtpCapabilities: rtpCapabilitiesSchema,
  program: z.array(programTrackSchema),
  /** hand, floor and mute as they were before a rejoin, and the notices already sent */
  stage: siteStageStateSchema,
  notices: z.array(noticeSchema),
  /**
   * The join's media, opened in the same request (`join.media` was sent and its tag is the
   * placed router's): both transports and the paused consumers of what the site receives
   * (`receivedTracks`). Absent: the browser opens them with `openMedia`, as before.
   */
  media: openedMediaSchema.optional(),
});
export type SiteJoined = z.infer<typeof siteJoinedSchema>;

/** The media a join opens at once (see `join`). */
export const joinMediaSchema = z.object({
  capabilitiesTag: z.string().min(1).max(64),
  rtpCapabilities: rtpCapabilitiesSchema,
  send: z.boolean(),
  startKbps: startEstimateKbpsSchema.optional(),
  ready: readyMediaSchema.optional(),
});
export type JoinMedia = z.infer<typeof joinMediaSchema>;

export const siteRequests = {
  /** Connected but not yet in the conference (device check): nothing is placed on a media node. */
  hello: message(empty, siteWelcomeSchema),
  join: message(
    /**
     * `delegates`: how many people sit in the site's hall, as its operator counted them.
     * `device`: the browser's own random id, so the same PC rejoining is not asked to confirm.
     * `takeover`: the operator of this PC confirmed taking over a site connected on another PC
     * (without it such a join is refused with SITE_IN_USE).
     * `media`: the browser's Device is loaded already (with the `routerCapabilities` whose `tag`
     * it names): open its media with the join, as `openMedia` would with `send` and `startKbps`,
     * consuming what the site receives of the program.
     */
    z.object({
      delegates: z.number().int().min(0).max(100_000).optional(),
      device: z.string().min(8).max(64).optional(),
      takeover: z.boolean().optional(),
      media: joinMediaSchema.optional(),
    }),
    siteJoinedSchema,
  ),
  /**
   * After the socket dropped (a network blip, or the control-plane replica it was on died) while
   * the media went on: take the session over on this new socket, keeping its transports,
   * producers and consumers. `sessionId` is the dropped socket's id. Refused with NOT_JOINED when
   * the session is gone (the grace ran out, or the room could not be adopted): then join anew.
   */
  resume: message(
    z.object({
      sessionId: idSchema,
      delegates: z.number().int().min(0).max(100_000).optional(),
      device: z.string().min(8).max(64).optional(),
    }),
    siteJoinedSchema,
  ),
  /**
   * A joined site's media in one request (instead of a transport each and a consume per program
   * track): both transports, and paused consumers of the program tracks it names (at most the
   * program's tracks). Asking again replaces the transports, like `createTransport`. `startKbps`:
   * where the node's bandwidth estimate for the receive transport starts (a site known to be weak).
   * `ready`: see `ReadyMedia` (the answer's `ready` says whether it was honoured).
   */
  openMedia: message(
    z.object({
      rtpCapabilities: rtpCapabilitiesSchema,
      send: z.boolean(),
      consume: z.array(idSchema).max(8),
      startKbps: startEstimateKbpsSchema.optional(),
      ready: readyMediaSchema.optional(),
    }),
    openedMediaSchema,
  ),
  /**
   * Starts the site's paused consumers once its browser has set them up, each at its layer: one
   * request for all. `connect`: the receive transport's DTLS parameters, when the browser has not
   * sent them yet (a join sends them here rather than in a `connectTransport` of their own).
   */
  startConsumers: message(
    z.object({ consumers: z.array(consumerStartSchema).min(1).max(8), connect: transportConnectSchema.optional() }),
    empty,
  ),
  createTransport: message(z.object({ direction: z.enum(['send', 'recv']) }), webRtcTransportParamsSchema),
  connectTransport: message(transportConnectSchema, empty),
  /**
   * `source` (absent: the camera for video, the microphone for audio) must fit `kind`; a
   * presentation is video. `dtlsParameters`: the send transport's, with its first track (one
   * request instead of a `connectTransport` before it).
   */
  produce: message(produceRequestSchema.extend({ source: trackSourceSchema.optional(), dtlsParameters: dtlsParametersSchema.optional() }), producedSchema),
  /**
   * The camera and microphone a join sends, in one request (the send transport's DTLS parameters
   * along, as `produce`'s): the page's own ids stand for them until it is answered.
   */
  produceTracks: message(produceTracksRequestSchema, producedTracksSchema),
  /** The site stops sending one of its tracks (the hall stops sharing its screen): it leaves the program. */
  stopProducing: message(z.object({ producerId: idSchema }), empty),
  consume: message(consumeRequestSchema, consumerParamsSchema),
  resumeConsumer: message(z.object({ consumerId: idSchema }), empty),
  /** Audio only: the node stops (or restarts) forwarding one of the site's consumers. */
  setConsumerPaused: message(z.object({ consumerId: idSchema, paused: z.boolean() }), empty),
  /** Low bandwidth: forward a lower simulcast layer of one of the site's video consumers. */
  setPreferredLayers: message(z.object({ consumerId: idSchema }).extend(preferredLayersSchema.shape), empty),
  /** The path to the node broke for a moment: new ICE credentials, same transport and media. */
  restartIce: message(z.object({ transportId: idSchema }), z.object({ iceParameters: iceParametersSchema })),
  /** Ask to speak (or withdraw): the site joins the operator's raise-hand queue. */
  raiseHand: message(z.object({ raised: z.boolean() }), siteStageStateSchema),
  /**
   * About once a second in a conference: the site's link as its browser measures it (for the
   * operator console). Browsers send it as a volatile event without an ack (`siteNotifications`):
   * a report lost on a busy socket is replaced by the next, and skipping the ack makes it ~40 %
   * cheaper for the gateway (`npm run bench:report-gateway`). An acked one is answered as usual.
   */
  reportHealth: message(siteHealthReportSchema, empty),
  ...voteSiteRequests,
  ...opinionSiteRequests,
};
export type SiteRequests = typeof siteRequests;

/** The requests a site sends without an ack, fire and forget (the gateway serves them the same way). */
export const siteNotifications = ['reportHealth'] as const satisfies readonly (keyof SiteRequests)[];
export type SiteNotification = (typeof siteNotifications)[number];

/** Events the control plane pushes to a site (no ack). */
export const sessionEndReasonSchema = z.enum([
  /** the same site joined again elsewhere (another PC or tab): this one must not fight back */
  'replaced',
  /** the site's media node is gone: rejoin at once to be placed on a live one */
  'node-lost',
  /** the conference's room moved to another control-plane replica (its owner died): rejoin, spread like node-lost */
  'room-moved',
  /** the operator ended the conference (or its time ran out): reconnecting shows it ended */
  'conference-ended',
]);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const siteEvents = {
  programChanged: z.object({ program: z.array(programTrackSchema) }),
  /** Sent just before the server closes a site's session, so the site knows what to do next. */
  sessionEnded: z.object({
    reason: sessionEndReasonSchema,
    /**
     * node-lost: rejoin at a random moment within this many ms, so the thousands of sites a dead
     * node served do not all knock at once (the server scales it with how many were lost).
     */
    rejoinWithinMs: z.number().int().min(0).max(120_000).optional(),
  }),
  /** This site's hand, floor, mute or sending state changed. */
  stageChanged: siteStageStateSchema,
  /** A message from the operator. */
  notice: noticeSchema,
  ...voteEvents,
  ...opinionSiteEvents,
};
export type SiteEventName = keyof typeof siteEvents;
export type SiteEvent<K extends SiteEventName> = z.infer<(typeof siteEvents)[K]>;
