import { spawnManaged, type ManagedChild } from '../../local/child-process.js';

export const testVideo = { payloadType: 101, ssrc: 11_111_111 };

/** ffmpeg's test pattern as VP8 over RTP (one keyframe a second) to a plain transport. */
export function startTestPattern(to: { ip: string; port: number }, sink?: (line: string) => void): ManagedChild {
  return spawnManaged({
    name: 'ffmpeg',
    command: process.env.FFMPEG_PATH ?? 'ffmpeg',
    args: [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
      ...['-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15'],
      ...['-ssrc', String(testVideo.ssrc), '-payload_type', String(testVideo.payloadType)],
      ...['-f', 'rtp', `rtp://${to.ip}:${to.port}?rtcpport=${to.port}&pkt_size=1200`],
    ],
    sink,
  });
}

/** What mediasoup must expect from that stream. */
export const testVideoRtpParameters = {
  codecs: [{ mimeType: 'video/VP8', clockRate: 90000, payloadType: testVideo.payloadType, rtcpFeedback: [] }],
  encodings: [{ ssrc: testVideo.ssrc }],
};
