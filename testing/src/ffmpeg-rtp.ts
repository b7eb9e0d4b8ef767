import { createSocket } from 'node:dgram';
import { spawnManaged, type ManagedChild } from '../../infra/local/child-process.js';

export const testVideo = { payloadType: 101, ssrc: 11_111_111 };
export const testAudio = { payloadType: 100, ssrc: 22_222_222 };

/** A UDP port free on 127.0.0.1 right now, for ffmpeg to send from. */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * ffmpeg's test pattern as VP8 over RTP (a keyframe every ~half second) to a plain transport. ffmpeg
 * sends RTCP from another port than RTP, so the transport is connected to ffmpeg's RTP port
 * (`from`) rather than learning it from the first packet (comedia), which may be RTCP.
 */
export function startTestPattern(to: { ip: string; port: number }, from: number, sink?: (line: string) => void, ssrc = testVideo.ssrc): ManagedChild {
  return spawnManaged({
    name: 'ffmpeg',
    command: process.env.FFMPEG_PATH ?? 'ffmpeg',
    args: [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
      ...['-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '8'],
      ...['-ssrc', String(ssrc), '-payload_type', String(testVideo.payloadType)],
      ...['-f', 'rtp', `rtp://${to.ip}:${to.port}?rtcpport=${to.port}&localrtpport=${from}&localrtcpport=${from + 1}&pkt_size=1200`],
    ],
    sink,
  });
}

/** What mediasoup must expect from that stream. */
export const testVideoRtpParameters = {
  codecs: [{ mimeType: 'video/VP8', clockRate: 90000, payloadType: testVideo.payloadType, rtcpFeedback: [] }],
  encodings: [{ ssrc: testVideo.ssrc }],
};

/** A tone as Opus over RTP to a plain transport: 440 Hz is the hall's microphone in tests. */
export function startTestTone(to: { ip: string; port: number }, from: number, sink?: (line: string) => void, o: { hz?: number; ssrc?: number } = {}): ManagedChild {
  return spawnManaged({
    name: 'ffmpeg-audio',
    command: process.env.FFMPEG_PATH ?? 'ffmpeg',
    args: [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${o.hz ?? 440}:sample_rate=48000`],
      ...['-vn', '-c:a', 'libopus', '-ac', '2', '-b:a', '48k'],
      ...['-ssrc', String(o.ssrc ?? testAudio.ssrc), '-payload_type', String(testAudio.payloadType)],
      ...['-f', 'rtp', `rtp://${to.ip}:${to.port}?rtcpport=${to.port}&localrtpport=${from}&localrtcpport=${from + 1}&pkt_size=1200`],
    ],
    sink,
  });
}

export const testAudioRtpParameters = {
  codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: testAudio.payloadType, rtcpFeedback: [] }],
  encodings: [{ ssrc: testAudio.ssrc }],
};
