import { callMessage, siteRequests, type OpenedMedia } from '@lienthong/contracts';
import type { Socket } from 'socket.io-client';

export const testRtp = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };
export const testDtlsParameters = { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] };
export const noCapabilities = { codecs: [], headerExtensions: [] };
/** A page's camera and microphone as `produceTracks` carries them. */
export const cameraAndMicrophone = [
  { kind: 'video' as const, rtpParameters: { ...testRtp, encodings: [{ ssrc: 2222 }] } },
  { kind: 'audio' as const, rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 3333 }] } },
];

/**
 * How a page opens its media: with the join (the routers' capabilities loaded from the hello), the
 * same asking it ready to use (its DTLS parameters known beforehand: `ReadyMedia`), or after the
 * join (`openMedia`).
 */
export type MediaOpening = 'with-join' | 'ready' | 'after-join';

/**
 * What a site page does from its connection to sending: the hello (the device check) and its join
 * opening the media, or a join and `openMedia`; then start the program (the receive transport
 * connected in the same request) and send camera and microphone in one request (the send
 * transport connected by it). Media the node made ready needs neither connect nor start.
 */
export async function arriveAsSite(socket: Socket, programProducerId: string, opening: MediaOpening = 'with-join') {
  const opened = opening === 'after-join' ? await joinThenOpen(socket, [programProducerId]) : await joinWithMedia(socket, 30, opening === 'ready');
  if (!opened.ready)
    await callMessage(socket, siteRequests, 'startConsumers', {
      consumers: [{ consumerId: opened.consumers[0]!.id }],
      connect: { transportId: opened.recv.id, dtlsParameters: testDtlsParameters },
    });
  const send = opened.send!.id;
  const connect = opened.ready ? {} : { dtlsParameters: testDtlsParameters };
  const { producerIds } = await callMessage(socket, siteRequests, 'produceTracks', { transportId: send, tracks: cameraAndMicrophone, ...connect });
  return { recv: opened.recv.id, send, consumer: opened.consumers[0]!.id, producerIds, ready: opened.ready === true };
}

/** What a page that made its certificate first asks of its join's media. */
export const readyMedia = { dtlsParameters: { ...testDtlsParameters, role: 'client' as const }, startConsumers: true };

/** The page's join after its device check: the media opened by the join itself. */
export async function joinWithMedia(socket: Socket, delegates = 30, ready = false): Promise<OpenedMedia> {
  const { routerCapabilities } = await callMessage(socket, siteRequests, 'hello', {});
  if (!routerCapabilities) throw new Error('the hello told no router capabilities');
  const joined = await callMessage(socket, siteRequests, 'join', {
    delegates,
    media: { capabilitiesTag: routerCapabilities.tag, rtpCapabilities: noCapabilities, send: true, ...(ready && { ready: readyMedia }) },
  });
  if (!joined.media) throw new Error('the join did not open the media');
  return joined.media;
}

async function joinThenOpen(socket: Socket, consume: string[], delegates = 30): Promise<OpenedMedia> {
  await callMessage(socket, siteRequests, 'join', { delegates });
  return callMessage(socket, siteRequests, 'openMedia', { rtpCapabilities: noCapabilities, send: true, consume });
}
