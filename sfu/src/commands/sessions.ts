import type { ConsumerParams, Handlers, NodeCommands } from '@lienthong/contracts';
import type { CommandContext } from './context.js';
import { consumeOn } from './streams.js';
import { webRtcTransportHandlers } from './webrtc-transports.js';

type SessionCommands = Pick<NodeCommands, 'openSession' | 'startConsumers'>;

/**
 * A site session's set-up batched into one command each way (a join's transports and program
 * consumers; starting them once the browser has them): fewer round trips for the site, and one
 * packet, one parse and one answer instead of four to six for the control plane.
 */
export const sessionHandlers: Handlers<SessionCommands, CommandContext> = {
  async openSession({ routerId, peerId, send, rtpCapabilities, producerIds, startKbps, ready }, ctx) {
    const made: string[] = [];
    try {
      const recv = await webRtcTransportHandlers.createWebRtcTransport({ routerId, peerId, direction: 'recv', ...(startKbps ? { startKbps } : {}) }, ctx);
      made.push(recv.id);
      const sendTransport = send ? await webRtcTransportHandlers.createWebRtcTransport({ routerId, peerId, direction: 'send' }, ctx) : null;
      if (sendTransport) made.push(sendTransport.id);
      // The browser's DTLS parameters were known before its transports: both connected now.
      if (ready) for (const transportId of made) await webRtcTransportHandlers.connectWebRtcTransport({ transportId, dtlsParameters: ready.dtlsParameters }, ctx);
      const consumers: ConsumerParams[] = [];
      for (const producerId of producerIds) {
        // A program track that closed on its way here is not a failure: the program change follows.
        if (!ctx.media.findProducer(producerId, routerId)) continue;
        // Started at once when asked: no packet leaves before the browser's ICE and DTLS, which wait for its consumers.
        consumers.push(await consumeOn({ transportId: recv.id, producerId, rtpCapabilities }, !ready?.startConsumers, ctx));
      }
      return { recv, send: sendTransport, consumers, ...(ready && { ready: true as const }) };
    } catch (err) {
      // Nothing half-made stays behind (the consumers close with their transport).
      for (const transportId of made) ctx.media.findWebRtcTransport(transportId)?.object.close();
      throw err;
    }
  },

  async startConsumers({ consumers, connect }, ctx) {
    const { media } = ctx;
    if (connect) await webRtcTransportHandlers.connectWebRtcTransport(connect, ctx);
    for (const { consumerId, preferredLayers } of consumers) {
      const consumer = media.consumer(consumerId).object;
      if (preferredLayers) await consumer.setPreferredLayers(preferredLayers);
      await consumer.resume();
    }
    return {};
  },
};
