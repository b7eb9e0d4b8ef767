import { z } from 'zod';

/**
 * mediasoup's parameter objects as they cross the wire. Their inner shape belongs to mediasoup and
 * mediasoup-client (which validate them again), so these schemas pin the fields lienthong relies
 * on and let the rest through unchanged.
 */
export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

export const idSchema = z.string().min(1).max(128);

const codecSchema = z.looseObject({
  mimeType: z.string(),
  clockRate: z.number().int().positive(),
  payloadType: z.number().int().min(0).max(127).optional(),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  channels: z.number().int().positive().optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(codecSchema).optional(),
  headerExtensions: z.array(z.looseObject({})).optional(),
});
export type WireRtpCapabilities = z.infer<typeof rtpCapabilitiesSchema>;

export const rtpParametersSchema = z.looseObject({
  mid: z.string().optional(),
  codecs: z.array(codecSchema).min(1),
  headerExtensions: z.array(z.looseObject({})).optional(),
  encodings: z.array(z.looseObject({})).optional(),
  rtcp: z.looseObject({}).optional(),
});
export type WireRtpParameters = z.infer<typeof rtpParametersSchema>;

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.object({ algorithm: z.string(), value: z.string() })).min(1),
});
export type WireDtlsParameters = z.infer<typeof dtlsParametersSchema>;

export const iceParametersSchema = z.looseObject({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});

export const iceCandidateSchema = z.looseObject({
  foundation: z.string(),
  priority: z.number(),
  ip: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.string(),
});

/**
 * The bandwidth estimate, kbit/s, a node starts a transport's sending at (mediasoup's
 * `initialAvailableOutgoingBitrate`; absent: the node's default, 1 Mbit/s). A site known to be
 * weak asks for less, so its join does not open with a burst into a link that cannot take it.
 */
export const startEstimateKbpsSchema = z.number().int().min(50).max(10_000);

/** A transport's DTLS parameters, sent along with the request that first needs it connected. */
export const transportConnectSchema = z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema });
export type TransportConnect = z.infer<typeof transportConnectSchema>;

/** What a browser needs to build a mediasoup-client transport. */
export const webRtcTransportParamsSchema = z.object({
  id: idSchema,
  iceParameters: iceParametersSchema,
  iceCandidates: z.array(iceCandidateSchema),
  dtlsParameters: dtlsParametersSchema,
});
export type WebRtcTransportParams = z.infer<typeof webRtcTransportParamsSchema>;

/** What a browser needs to build a mediasoup-client consumer. */
export const consumerParamsSchema = z.object({
  id: idSchema,
  producerId: idSchema,
  kind: mediaKindSchema,
  rtpParameters: rtpParametersSchema,
});
export type ConsumerParams = z.infer<typeof consumerParamsSchema>;

/** A UDP endpoint of a media node as another node reaches it. */
export const transportTupleSchema = z.object({
  ip: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});
export type TransportTuple = z.infer<typeof transportTupleSchema>;

/** A site (or a pipe) asking to send one track on a transport it owns. */
export const produceRequestSchema = z.object({
  transportId: idSchema,
  kind: mediaKindSchema,
  rtpParameters: rtpParametersSchema,
});
export const producedSchema = z.object({ producerId: idSchema });

/**
 * A site's camera and microphone (one of each at most) sent on one transport in one request:
 * what a join sends. `dtlsParameters`: the transport connected first, when not yet.
 */
export const produceTracksRequestSchema = z.object({
  transportId: idSchema,
  dtlsParameters: dtlsParametersSchema.optional(),
  tracks: z
    .array(z.object({ kind: mediaKindSchema, rtpParameters: rtpParametersSchema }))
    .min(1)
    .max(2)
    .refine((tracks) => new Set(tracks.map((t) => t.kind)).size === tracks.length, 'one track of each kind at most'),
});
/** The producers made, in the order of the request's tracks. */
export const producedTracksSchema = z.object({ producerIds: z.array(idSchema).min(1).max(2) });

/** Asking to receive one producer on a transport it owns, with the receiver's capabilities. */
export const consumeRequestSchema = z.object({
  transportId: idSchema,
  producerId: idSchema,
  rtpCapabilities: rtpCapabilitiesSchema,
});

/** Which simulcast layer a consumer should forward: a weak link asks for the small one. */
export const preferredLayersSchema = z.object({
  spatialLayer: z.number().int().min(0).max(3),
  temporalLayer: z.number().int().min(0).max(3).optional(),
});
export type PreferredLayers = z.infer<typeof preferredLayersSchema>;

/**
 * A browser that made its DTLS certificate before its transports (the page's, RTCPeerConnection
 * .generateCertificate) knows its DTLS parameters before the node makes them, and asks for its
 * media ready to use: both transports connected with `dtlsParameters` as the node makes them, and,
 * with `startConsumers` (a site receiving everything), the program's consumers made started
 * rather than paused. Its join then needs no request to connect a transport or start a consumer.
 * The first packets still wait for the browser: none flows before its ICE and DTLS, which begin
 * once it has set up the consumers.
 */
export const readyMediaSchema = z.object({ dtlsParameters: dtlsParametersSchema, startConsumers: z.boolean() });
export type ReadyMedia = z.infer<typeof readyMediaSchema>;

/**
 * A session's media opened in one step (a join's second round trip): its receive transport, its
 * send transport (null for a receive-only endpoint) and consumers of the program tracks it asked
 * for, made paused (a track that left the program meanwhile is simply missing).
 */
export const openedMediaSchema = z.object({
  recv: webRtcTransportParamsSchema,
  send: webRtcTransportParamsSchema.nullable(),
  consumers: z.array(consumerParamsSchema),
  /** True: made as `ReadyMedia` asked (connected, consumers started if asked); absent: paused and unconnected, as ever. */
  ready: z.literal(true).optional(),
});
export type OpenedMedia = z.infer<typeof openedMediaSchema>;

/** A paused consumer to start, at the simulcast layer the site's receive level wants (absent: the top). */
export const consumerStartSchema = z.object({ consumerId: idSchema, preferredLayers: preferredLayersSchema.optional() });
export type ConsumerStart = z.infer<typeof consumerStartSchema>;
