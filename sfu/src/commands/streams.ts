import { LienthongError, type ConsumerParams, type Handlers, type NodeCommands, type ParsedRequestOf } from '@lienthong/contracts';
import type { types } from 'mediasoup';
import { toRtpCapabilities, toRtpParameters } from '../media/wire-adapters.js';
import type { CommandContext } from './context.js';
import { webRtcTransportHandlers } from './webrtc-transports.js';

type NodeRequest<K extends keyof NodeCommands> = ParsedRequestOf<NodeCommands, K>;

type StreamCommands = Pick<
  NodeCommands,
  | 'produce'
  | 'produceTracks'
  | 'consume'
  | 'resumeConsumer'
  | 'closeProducer'
  | 'pauseProducer'
  | 'resumeProducer'
  | 'describeProducer'
  | 'describeConsumer'
>;

const estimateFeedback = new Set(['transport-cc', 'goog-remb']);
const estimateExtensions = new Set([
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
]);

/** A receiver's capabilities without what feeds a send-side estimate (RECEIVER_ESTIMATE=none). */
export function withoutEstimate(c: types.RtpCapabilities): types.RtpCapabilities {
  return {
    ...c,
    codecs: c.codecs?.map((codec) => ({ ...codec, rtcpFeedback: codec.rtcpFeedback?.filter((f) => !estimateFeedback.has(f.type)) })),
    headerExtensions: c.headerExtensions?.filter((h) => !estimateExtensions.has(h.uri)),
  };
}

/** Producers and consumers on WebRTC and plain transports (sites' media, external RTP). */
export const streamHandlers: Handlers<StreamCommands, CommandContext> = {
  async produce({ transportId, kind, rtpParameters, paused, dtlsParameters }, ctx) {
    const [producerId] = await produceOn(transportId, dtlsParameters, [{ kind, rtpParameters, paused: paused ?? false }], ctx);
    return { producerId: producerId! };
  },

  async produceTracks({ transportId, dtlsParameters, tracks }, ctx) {
    return { producerIds: await produceOn(transportId, dtlsParameters, tracks, ctx) };
  },

  consume(request, ctx) {
    // Paused until the site says its consumer exists, so the first keyframe is not lost.
    return consumeOn(request, true, ctx);
  },

  async resumeConsumer({ consumerId }, { media }) {
    await media.consumer(consumerId).object.resume();
    return {};
  },

  closeProducer({ producerId, routerId }, { media }) {
    media.producer(producerId, routerId).object.close();
    return {};
  },

  async pauseProducer({ producerId, routerId }, { media }) {
    await media.producer(producerId, routerId).object.pause();
    return {};
  },

  async resumeProducer({ producerId, routerId }, { media }) {
    await media.producer(producerId, routerId).object.resume();
    return {};
  },

  describeProducer({ producerId, routerId }, { media }) {
    const { object: p, origin } = media.producer(producerId, routerId);
    return { id: p.id, kind: p.kind, type: p.type, origin, paused: p.paused };
  },

  describeConsumer({ consumerId }, { media }) {
    const { object: c } = media.consumer(consumerId);
    return { id: c.id, producerId: c.producerId, kind: c.kind, paused: c.paused };
  },
};

type ProducedTrack = NodeRequest<'produceTracks'>['tracks'][number];

/** A consumer of `producerId` on a site's (or a plain) transport, made `paused` or started. */
export async function consumeOn(
  { transportId, producerId, rtpCapabilities }: Pick<NodeRequest<'consume'>, 'transportId' | 'producerId' | 'rtpCapabilities'>,
  paused: boolean,
  { media, config }: CommandContext,
): Promise<ConsumerParams> {
  const { object: transport, workerIndex, origin } = media.mediaTransport(transportId);
  const wanted = toRtpCapabilities(rtpCapabilities);
  const capabilities = origin === 'webrtc' && config.RECEIVER_ESTIMATE === 'none' ? withoutEstimate(wanted) : wanted;
  const consumer = await transport.consume({ producerId, rtpCapabilities: capabilities, paused }).catch((err: Error) => {
    throw new LienthongError('BAD_REQUEST', `cannot consume producer ${producerId}: ${err.message}`);
  });
  media.addConsumer(consumer, workerIndex);
  return { id: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
}

/**
 * Makes `tracks` on a transport (connected first when `dtlsParameters` come along), in order.
 * All or none: when one cannot be made, those made before it close, so a retry starts clean.
 */
async function produceOn(transportId: string, dtlsParameters: NodeRequest<'produce'>['dtlsParameters'], tracks: ProducedTrack[], ctx: CommandContext): Promise<string[]> {
  const { media, config } = ctx;
  if (dtlsParameters) await webRtcTransportHandlers.connectWebRtcTransport({ transportId, dtlsParameters }, ctx);
  const { object: transport, workerIndex, routerId, origin } = media.mediaTransport(transportId);
  const made: types.Producer[] = [];
  try {
    for (const { kind, rtpParameters, paused } of tracks) {
      const producer = await transport.produce({ kind, rtpParameters: toRtpParameters(rtpParameters), keyFrameRequestDelay: config.KEYFRAME_REQUEST_DELAY_MS, paused });
      media.addProducer(producer, workerIndex, origin, routerId);
      made.push(producer);
    }
  } catch (err) {
    for (const producer of made) producer.close();
    throw err;
  }
  return made.map((p) => p.id);
}
