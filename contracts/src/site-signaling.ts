import { z } from 'zod';
import {
  consumeRequestSchema,
  consumerParamsSchema,
  producedSchema,
  produceRequestSchema,
  dtlsParametersSchema,
  iceParametersSchema,
  idSchema,
  mediaKindSchema,
  preferredLayersSchema,
  rtpCapabilitiesSchema,
  webRtcTransportParamsSchema,
} from './media.js';
import { conferenceStatusSchema } from './api.js';
import { siteDocumentSchema } from './documents.js';
import { message } from './rpc.js';
import { noticeSchema, siteStageStateSchema } from './stage.js';
import { siteHealthReportSchema } from './site-health.js';

/** Signaling between a site's browser and the control plane (socket.io namespace /site). */
const empty = z.object({});

export const siteRoleSchema = z.enum(['hall', 'site']);
export type SiteRole = z.infer<typeof siteRoleSchema>;

/** One track of the conference program (what every site receives). */
export const programTrackSchema = z.object({
  producerId: idSchema,
  kind: mediaKindSchema,
  siteId: idSchema,
  siteName: z.string(),
  /** the sending site's unit, shown with its name under the program ("who is speaking") */
  unitName: z.string(),
});
export type ProgramTrack = z.infer<typeof programTrackSchema>;

/** Who the token says this is, and which conference it opens: shown on the device check. */
export const siteWelcomeSchema = z.object({
  conference: z.object({
    id: idSchema,
    title: z.string(),
    status: conferenceStatusSchema,
    scheduledStart: z.iso.datetime(),
    scheduledEnd: z.iso.datetime(),
  }),
  site: z.object({ id: idSchema, name: z.string(), unitName: z.string() }),
  role: siteRoleSchema,
  /** The conference's agenda, as the organisers wrote it. */
  agenda: z.string().nullable(),
  /** Its public documents, each with the link its QR code carries (never internal or secret ones). */
  documents: z.array(siteDocumentSchema),
});
export type SiteWelcome = z.infer<typeof siteWelcomeSchema>;

/** `details` of the CONFERENCE_NOT_OPEN refusal a site's connection gets: enough for a countdown. */
export const conferenceNotOpenDetailsSchema = z.object({
  status: conferenceStatusSchema,
  scheduledStart: z.iso.datetime(),
  scheduledEnd: z.iso.datetime(),
});
export type ConferenceNotOpenDetails = z.infer<typeof conferenceNotOpenDetailsSchema>;

export const siteRequests = {
  /** Connected but not yet in the conference (device check): nothing is placed on a media node. */
  hello: message(empty, siteWelcomeSchema),
  join: message(
    /** `delegates`: how many people sit in the site's hall, as its operator counted them. */
    z.object({ delegates: z.number().int().min(0).max(100_000).optional() }),
    siteWelcomeSchema.extend({
      routerRtpCapabilities: rtpCapabilitiesSchema,
      program: z.array(programTrackSchema),
      /** hand, floor and mute as they were before a rejoin, and the notices already sent */
      stage: siteStageStateSchema,
      notices: z.array(noticeSchema),
    }),
  ),
  createTransport: message(z.object({ direction: z.enum(['send', 'recv']) }), webRtcTransportParamsSchema),
  connectTransport: message(z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema }), empty),
  produce: message(produceRequestSchema, producedSchema),
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
  /** the operator ended the conference (or its time ran out): reconnecting shows it ended */
  'conference-ended',
]);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const siteEvents = {
  programChanged: z.object({ program: z.array(programTrackSchema) }),
  /** Sent just before the server closes a site's session, so the site knows what to do next. */
  sessionEnded: z.object({ reason: sessionEndReasonSchema }),
  /** This site's hand, floor, mute or sending state changed. */
  stageChanged: siteStageStateSchema,
  /** A message from the operator. */
  notice: noticeSchema,
};
export type SiteEventName = keyof typeof siteEvents;
export type SiteEvent<K extends SiteEventName> = z.infer<(typeof siteEvents)[K]>;
