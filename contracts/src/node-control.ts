import { z } from 'zod';
import {
  consumeRequestSchema,
  consumerParamsSchema,
  consumerStartSchema,
  openedMediaSchema,
  producedSchema,
  producedTracksSchema,
  produceRequestSchema,
  readyMediaSchema,
  dtlsParametersSchema,
  iceParametersSchema,
  idSchema,
  mediaKindSchema,
  preferredLayersSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  transportConnectSchema,
  transportTupleSchema,
  startEstimateKbpsSchema,
  webRtcTransportParamsSchema,
} from './media.js';
import { message } from './rpc.js';
import { renewedTokenSchema } from './tokens.js';

/**
 * The control channel between the control plane and a media node (socket.io namespace /node).
 * The node keeps no business state: it executes these commands and reports what it carries.
 */
const empty = z.object({});

/**
 * What a node's commands accept beyond its oldest peers', stated at `register`: during a rolling
 * update a control plane sends such a field only to nodes that name the feature.
 */
export const nodeFeatures = {
  /** `startConsumers.connect` and `produce.dtlsParameters`: a transport connected by the command that first needs it. */
  connectWithFirstUse: 'connect-with-first-use',
  /** `produceTracks`: a site's camera and microphone made by one command. */
  produceTracks: 'produce-tracks',
  /** `openSession.ready`: a session's transports connected, and its consumers started, as they are made. */
  openReady: 'open-ready',
} as const;
export type NodeFeature = (typeof nodeFeatures)[keyof typeof nodeFeatures];

export const workerLoadSchema = z.object({
  index: z.number().int().min(0),
  routers: z.number().int().min(0),
  transports: z.number().int().min(0),
  producers: z.number().int().min(0),
  consumers: z.number().int().min(0),
  /** Media the worker received and sent since the last heartbeat, bits per second (transport stats). */
  bitrateIn: z.number().min(0),
  bitrateOut: z.number().min(0),
  /** Share of one core the worker used since the last heartbeat (getResourceUsage: user + system). */
  cpu: z.number().min(0),
  /** Times the node's supervisor restarted this worker since the node started. */
  restarts: z.number().int().min(0),
  /**
   * Consumers this worker carries loss-free as the node measures it now (its CPU cost per
   * forwarded consumer, from its own load): at most the registered `consumersPerWorker`.
   * Absent until the worker has carried enough load to measure.
   */
  consumerCapacity: z.number().int().positive().optional(),
});
export type WorkerLoad = z.infer<typeof workerLoadSchema>;

/** Messages a node sends to the control plane. */
export const nodeReports = {
  /**
   * First message after connecting (to each control-plane replica). Routers are kept whatever the
   * answer: other replicas' rooms live on them; a room's owner closes its conference's stale ones
   * (`closeConferenceRouters`).
   */
  register: message(
    z.object({
      nodeId: idSchema,
      version: z.string(),
      announcedIp: z.string().min(1),
      workers: z.number().int().positive(),
      /**
       * Consumers one worker carries loss-free (node config, from the fan-out benchmark): the ceiling;
       * each heartbeat may report a lower, measured `consumerCapacity` per worker.
       */
      consumersPerWorker: z.number().int().positive(),
      /** Which part of the country this node serves, e.g. unit codes: used by placement. */
      localityTags: z.array(z.string().min(1)),
      /** Routers alive on this node (after a control-plane restart they may be unknown to it). */
      routerIds: z.array(idSchema),
      /** What this node's commands accept beyond its oldest peers' (absent on a node from before features). */
      features: z.array(z.string().max(64)).max(32).default([]),
      /**
       * The capabilities every router this node makes has (all are made from one codec list):
       * sites may load them before joining (absent on a node from before).
       */
      routerCapabilities: rtpCapabilitiesSchema.optional(),
    }),
    empty,
  ),
  heartbeat: message(z.object({ workers: z.array(workerLoadSchema) }), empty),
  /** A worker died and its supervisor started a fresh one: the routers it held are gone. */
  workerRestarted: message(z.object({ index: z.number().int().min(0), lostRouterIds: z.array(idSchema) }), empty),
  /** A fresh token for this node (the same id), asked for before the one it holds lapses (service-token.ts). */
  renewToken: message(empty, renewedTokenSchema),
};

export const producerTypeSchema = z.enum(['simple', 'simulcast', 'svc']);
/** The transport a producer arrived on: a site's WebRTC transport, a pipe from another router, or plain RTP. */
export const producerOriginSchema = z.enum(['webrtc', 'pipe', 'plain']);
/**
 * A producer id names one producer per router, but a conference piped between two workers of the
 * same node has the same id twice on that node: then the router must be named too.
 */
const producerRef = z.object({ producerId: idSchema, routerId: idSchema.optional() });

/**
 * Stamped by a conference's owner replica on its commands. A node refuses a fence lower than the
 * highest it has seen for that conference: after a take-over (the owner's lease ran out while it
 * was paused, and another replica took the room) the late owner cannot act on the media.
 */
export const fenceSchema = z.object({ conferenceId: idSchema, epoch: z.number().int().positive() });
export type Fence = z.infer<typeof fenceSchema>;
const fenced = <Shape extends z.ZodRawShape>(request: z.ZodObject<Shape>) => request.extend({ fence: fenceSchema.optional() });

/** Commands the control plane sends to a node; each may carry its conference owner's fence. */
export const nodeCommands = {
  createRouter: message(
    fenced(z.object({ conferenceId: idSchema, workerIndex: z.number().int().min(0).optional() })),
    z.object({ routerId: idSchema, workerIndex: z.number().int().min(0), rtpCapabilities: rtpCapabilitiesSchema }),
  ),
  closeRouter: message(fenced(z.object({ routerId: idSchema })), empty),
  /**
   * A room's owner sweeps the conference's routers on this node it does not know (made before a
   * restart, or by an owner that died before recording them): every one not in `keepRouterIds`
   * closes. `keptRouterIds`: those of `keepRouterIds` the node still has (an adopted router the
   * node lost, by a restart, is not among them).
   */
  closeConferenceRouters: message(
    fenced(z.object({ conferenceId: idSchema, keepRouterIds: z.array(idSchema) })),
    z.object({ closedRouterIds: z.array(idSchema), keptRouterIds: z.array(idSchema) }),
  ),
  /**
   * `startKbps`: where the node's bandwidth estimate starts (absent: its default, 1 Mbit/s).
   * `direction`: a node with a WebRtcServer per worker (WEBRTC_SERVER) puts receive transports
   * (and any of unknown direction) on it and gives a send transport sockets of its own, so a
   * sender's media never shares a receive buffer with every site's RTCP.
   */
  createWebRtcTransport: message(
    fenced(
      z.object({ routerId: idSchema, peerId: idSchema, startKbps: startEstimateKbpsSchema.optional(), direction: z.enum(['send', 'recv']).optional() }),
    ),
    webRtcTransportParamsSchema,
  ),
  /**
   * A site session's media in one command: its receive transport, its send transport when `send`,
   * and paused consumers of `producerIds` on the receive transport. A producer that is gone is
   * left out of `consumers`; if anything else fails, what was made is closed again. `startKbps`:
   * the receive transport's start estimate (as `createWebRtcTransport`). `ready` (a node with
   * `nodeFeatures.openReady`): both transports connected, the consumers started if asked (`ReadyMedia`).
   */
  openSession: message(
    fenced(
      z.object({
        routerId: idSchema,
        peerId: idSchema,
        send: z.boolean(),
        rtpCapabilities: rtpCapabilitiesSchema,
        producerIds: z.array(idSchema).max(8),
        startKbps: startEstimateKbpsSchema.optional(),
        ready: readyMediaSchema.optional(),
      }),
    ),
    openedMediaSchema,
  ),
  /**
   * Starts paused consumers, each at its preferred simulcast layer first: one command for all of a
   * session's. `connect`: their transport's DTLS parameters, connected first (a node with
   * `nodeFeatures.connectWithFirstUse`; an older one would drop it unseen).
   */
  startConsumers: message(fenced(z.object({ consumers: z.array(consumerStartSchema).min(1).max(8), connect: transportConnectSchema.optional() })), empty),
  connectWebRtcTransport: message(fenced(z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema })), empty),
  /** New ICE credentials for a transport whose path broke for a moment; DTLS and media stay. */
  restartIce: message(fenced(z.object({ transportId: idSchema })), z.object({ iceParameters: iceParametersSchema })),
  closeTransport: message(fenced(z.object({ transportId: idSchema })), empty),
  /**
   * Closes the WebRTC transports on a router made for these peers (consoles' preview receivers a
   * dead owner made: its successor knows their viewers from the plan, not their transports).
   */
  closePeerTransports: message(
    fenced(z.object({ routerId: idSchema, peerIds: z.array(idSchema).min(1).max(1000) })),
    z.object({ closed: z.number().int().min(0) }),
  ),
  /**
   * `paused`: made paused (a site outside the program), so its node forwards nothing until resumed.
   * `dtlsParameters`: the transport is connected first, as `startConsumers`' `connect`.
   */
  produce: message(fenced(produceRequestSchema.extend({ paused: z.boolean().optional(), dtlsParameters: dtlsParametersSchema.optional() })), producedSchema),
  /**
   * A site's camera and microphone on one transport (a node with `nodeFeatures.produceTracks`),
   * connected first with `dtlsParameters`. All or none: a track that cannot be made closes those before it.
   */
  produceTracks: message(
    fenced(
      z.object({
        transportId: idSchema,
        dtlsParameters: dtlsParametersSchema.optional(),
        tracks: z.array(produceRequestSchema.omit({ transportId: true }).extend({ paused: z.boolean() })).min(1).max(2),
      }),
    ),
    producedTracksSchema,
  ),
  consume: message(fenced(consumeRequestSchema), consumerParamsSchema),
  resumeConsumer: message(fenced(z.object({ consumerId: idSchema })), empty),
  /** Stops forwarding a consumer (a site on audio only): no RTP leaves the node for it. */
  pauseConsumer: message(fenced(z.object({ consumerId: idSchema })), empty),
  /** Ends one consumer (an operator stopped previewing a site); closing one already gone is not an error. */
  closeConsumer: message(fenced(z.object({ consumerId: idSchema })), empty),
  /** Asks the consumer's producer for a keyframe (a recorder's segment must start on one). */
  requestKeyFrame: message(fenced(z.object({ consumerId: idSchema })), empty),
  setConsumerPreferredLayers: message(fenced(z.object({ consumerId: idSchema }).extend(preferredLayersSchema.shape)), empty),
  /** Closes a producer (a site's own, or a pipe copy whose upstream ended); its consumers follow. */
  closeProducer: message(fenced(producerRef), empty),
  /** Stops forwarding a site's producer (nobody watches it, or the operator muted it); resumed later. */
  pauseProducer: message(fenced(producerRef), empty),
  resumeProducer: message(fenced(producerRef), empty),
  /**
   * Plain RTP, for media to or from outside WebRTC: the recorder's sink, a hardware encoder's feed.
   * `comedia`: learn the remote address from the first packet received (a sender behind NAT).
   */
  createPlainTransport: message(
    fenced(z.object({ routerId: idSchema, comedia: z.boolean().default(false) })),
    z.object({ transportId: idSchema, tuple: transportTupleSchema }),
  ),
  connectPlainTransport: message(fenced(z.object({ transportId: idSchema, remote: transportTupleSchema })), empty),
  /** One end of a cross-node pipe: a PipeTransport on the given router. */
  createPipeTransport: message(
    fenced(z.object({ routerId: idSchema })),
    z.object({ transportId: idSchema, tuple: transportTupleSchema }),
  ),
  connectPipeTransport: message(fenced(z.object({ transportId: idSchema, remote: transportTupleSchema })), empty),
  /** Upstream end: consume a local producer into the pipe; answers what the far end must produce. */
  pipeConsume: message(
    fenced(z.object({ transportId: idSchema, producerId: idSchema })),
    z.object({ kind: mediaKindSchema, rtpParameters: rtpParametersSchema, paused: z.boolean() }),
  ),
  /** Downstream end: re-create the upstream producer, same id, on this node's router. */
  pipeProduce: message(
    fenced(z.object({
      transportId: idSchema,
      producerId: idSchema,
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean(),
    })),
    z.object({ producerId: idSchema }),
  ),
  describeProducer: message(
    fenced(producerRef),
    z.object({
      id: idSchema,
      kind: mediaKindSchema,
      type: producerTypeSchema,
      origin: producerOriginSchema,
      paused: z.boolean(),
    }),
  ),
  describeConsumer: message(
    fenced(z.object({ consumerId: idSchema })),
    z.object({ id: idSchema, producerId: idSchema, kind: mediaKindSchema, paused: z.boolean() }),
  ),
};

export type NodeCommands = typeof nodeCommands;
export type NodeReports = typeof nodeReports;
