import { callMessage, siteRequests } from '@lienthong/contracts';
import type { Socket } from 'socket.io-client';

export const testRtp = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };
export const testDtlsParameters = { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] };
const noCapabilities = { codecs: [], headerExtensions: [] };

/**
 * What a site page does from its connection to sending, in five requests: join, open its media,
 * start the program (the receive transport connected in the same request), send camera and
 * microphone (the send transport connected with the first).
 */
export async function arriveAsSite(socket: Socket, programProducerId: string, delegates = 30) {
  await callMessage(socket, siteRequests, 'join', { delegates });
  const opened = await callMessage(socket, siteRequests, 'openMedia', { rtpCapabilities: noCapabilities, send: true, consume: [programProducerId] });
  await callMessage(socket, siteRequests, 'startConsumers', {
    consumers: [{ consumerId: opened.consumers[0]!.id }],
    connect: { transportId: opened.recv.id, dtlsParameters: testDtlsParameters },
  });
  const send = opened.send!.id;
  await callMessage(socket, siteRequests, 'produce', { transportId: send, kind: 'video', rtpParameters: { ...testRtp, encodings: [{ ssrc: 2222 }] }, dtlsParameters: testDtlsParameters });
  await callMessage(socket, siteRequests, 'produce', {
    transportId: send,
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 3333 }] },
  });
  return { recv: opened.recv.id, send, consumer: opened.consumers[0]!.id };
}
