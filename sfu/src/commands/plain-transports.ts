import type { Handlers, NodeCommands } from '@lienthong/contracts';
import type { CommandContext } from './context.js';

type PlainCommands = Pick<NodeCommands, 'createPlainTransport' | 'connectPlainTransport'>;

/**
 * Plain RTP transports: consumers towards an external UDP sink (the recorder's ffmpeg) or
 * producers fed by an external sender. RTP and RTCP share one port (rtcpMux), no SRTP: they stay
 * on the deployment's own network.
 */
export const plainTransportHandlers: Handlers<PlainCommands, CommandContext> = {
  async createPlainTransport({ routerId, comedia }, { media, config }) {
    const { object: router, workerIndex } = media.router(routerId);
    const transport = await router.createPlainTransport({
      listenIp: { ip: config.LISTEN_IP, announcedIp: config.ANNOUNCED_IP },
      rtcpMux: true,
      comedia,
    });
    media.addPlainTransport(transport, workerIndex, routerId);
    return { transportId: transport.id, tuple: { ip: config.ANNOUNCED_IP, port: transport.tuple.localPort } };
  },

  async connectPlainTransport({ transportId, remote }, { media }) {
    await media.plainTransport(transportId).object.connect({ ip: remote.ip, port: remote.port });
    return {};
  },
};
