import { callMessage, nodeCommands } from '@lienthong/contracts';
import type { Socket } from 'socket.io';

/**
 * A conference program fed into `routerId` over plain RTP as a hall would send it: a camera in two
 * simulcast layers (VP8, L1T3) and a microphone (Opus). Answers their producer ids.
 */
export async function plainProgram(node: Socket, routerId: string, rtpCapabilities: { codecs?: { mimeType: string; clockRate: number }[] }) {
  const { transportId } = await callMessage(node, nodeCommands, 'createPlainTransport', { routerId, comedia: true });
  const vp8 = rtpCapabilities.codecs!.find((c) => c.mimeType === 'video/VP8')!;
  const opus = rtpCapabilities.codecs!.find((c) => c.mimeType === 'audio/opus')!;
  const camera = await callMessage(node, nodeCommands, 'produce', {
    transportId,
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: vp8.mimeType, clockRate: vp8.clockRate, payloadType: 101 }], encodings: [{ ssrc: 1111, scalabilityMode: 'L1T3' }, { ssrc: 2222, scalabilityMode: 'L1T3' }] },
  });
  const microphone = await callMessage(node, nodeCommands, 'produce', {
    transportId,
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: opus.mimeType, clockRate: opus.clockRate, channels: 2, payloadType: 100 }], encodings: [{ ssrc: 3333 }] },
  });
  return { transportId, camera: camera.producerId, microphone: microphone.producerId };
}
