import type { Handlers, NodeCommands } from '@lienthong/contracts';
import { toRtpParameters } from '../media/wire-adapters.js';
import type { CommandContext } from './context.js';

type PipeCommands = Pick<NodeCommands, 'createPipeTransport' | 'connectPipeTransport' | 'pipeConsume' | 'pipeProduce'>;

/**
 * Cross-node cascade: a PipeTransport on each node's router, addresses swapped through the
 * control plane. Upstream consumes the producer into the pipe; downstream re-creates it with the
 * same id, so consumers anywhere in the tree name one producer id.
 */
export const pipeHandlers: Handlers<PipeCommands, CommandContext> = {
  async createPipeTransport({ routerId }, { media, config }) {
    // Between two workers of this node as between two hosts: mediasoup 3.12's pipeToRouter()
    // cannot join routers of one worker, and the planner never asks for that.
    const { object: router, workerIndex } = media.router(routerId);
    const transport = await router.createPipeTransport({
      listenIp: { ip: config.LISTEN_IP, announcedIp: config.ANNOUNCED_IP },
      // Retransmissions over the pipe: a lost packet between nodes would otherwise be lost for
      // every site below it.
      enableRtx: true,
    });
    media.addPipeTransport(transport, workerIndex, routerId);
    return { transportId: transport.id, tuple: { ip: config.ANNOUNCED_IP, port: transport.tuple.localPort } };
  },

  async connectPipeTransport({ transportId, remote }, { media }) {
    await media.pipeTransport(transportId).object.connect({ ip: remote.ip, port: remote.port });
    return {};
  },

  async pipeConsume({ transportId, producerId }, { media }) {
    const { object: transport, workerIndex } = media.pipeTransport(transportId);
    const consumer = await transport.consume({ producerId });
    media.addConsumer(consumer, workerIndex);
    return {
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
    };
  },

  async pipeProduce({ transportId, producerId, kind, rtpParameters, paused }, { media, config }) {
    const { object: transport, workerIndex, routerId } = media.pipeTransport(transportId);
    const producer = await transport.produce({
      id: producerId,
      kind,
      rtpParameters: toRtpParameters(rtpParameters),
      paused,
      keyFrameRequestDelay: config.PIPE_KEYFRAME_REQUEST_DELAY_MS,
    });
    media.addProducer(producer, workerIndex, 'pipe', routerId);
    return { producerId: producer.id };
  },
};
