import type { Handlers, NodeCommands, WebRtcTransportParams } from '@lienthong/contracts';
import type { types } from 'mediasoup';
import type { CommandContext } from './context.js';

const DEFAULT_START_KBPS = 1000;

type WebRtcCommands = Pick<NodeCommands, 'createWebRtcTransport' | 'connectWebRtcTransport' | 'restartIce' | 'closeTransport' | 'closePeerTransports'>;

export const webRtcTransportHandlers: Handlers<WebRtcCommands, CommandContext> = {
  async createWebRtcTransport({ routerId, peerId, startKbps, direction }, { media, config, pool }) {
    const { object: router, workerIndex } = media.router(routerId);
    // Receive transports through the worker's WebRtcServer when it has one: every copy the worker
    // forwards leaves through one socket. A send transport keeps sockets of its own: the program
    // it carries in never waits in one receive buffer behind every site's RTCP.
    const webRtcServer = direction === 'send' ? undefined : pool.webRtcServer(workerIndex);
    // UDP first; TCP candidates let sites behind UDP-blocking firewalls still connect.
    const transport = await router.createWebRtcTransport({
      ...(webRtcServer ? { webRtcServer } : { listenIps: [{ ip: config.LISTEN_IP, announcedIp: config.ANNOUNCED_IP }] }),
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      // A weak site's receive transport starts lower: the default 1 Mbit/s into a 256 kbit/s link
      // dropped 35-90 % of its packets for seconds, its sound included.
      initialAvailableOutgoingBitrate: (startKbps ?? DEFAULT_START_KBPS) * 1000,
      appData: { peerId },
    });
    media.addWebRtcTransport(transport, workerIndex, routerId);
    return webRtcTransportParams(transport);
  },

  async connectWebRtcTransport({ transportId, dtlsParameters }, { media }) {
    await media.webRtcTransport(transportId).object.connect({
      dtlsParameters: dtlsParameters,
    });
    return {};
  },

  async restartIce({ transportId }, { media }) {
    return { iceParameters: await media.webRtcTransport(transportId).object.restartIce() };
  },

  closeTransport({ transportId }, { media }) {
    media.anyTransport(transportId).object.close();
    return {};
  },

  closePeerTransports({ routerId, peerIds }, { media }) {
    const peers = new Set(peerIds);
    const theirs = media.webRtcTransportsOn(routerId).filter(({ object }) => {
      const { peerId } = object.appData as { peerId?: unknown };
      return typeof peerId === 'string' && peers.has(peerId);
    });
    for (const { object } of theirs) object.close();
    return { closed: theirs.length };
  },
};

function webRtcTransportParams(t: types.WebRtcTransport): WebRtcTransportParams {
  return {
    id: t.id,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates.map((c) => ({ ...c })),
    dtlsParameters: t.dtlsParameters,
  };
}
