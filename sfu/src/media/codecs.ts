import type { types } from 'mediasoup';

/** Codecs every conference router offers: Opus for speech, VP8 first for video, H264 for old halls' hardware. */
export const routerMediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

/**
 * The capabilities every router this node makes has: mediasoup derives them from the codec list
 * alone, so one router made and closed at start tells them (sites load them before joining).
 */
export async function routerCapabilitiesOf(worker: types.Worker): Promise<types.RtpCapabilities> {
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  const { rtpCapabilities } = router;
  router.close();
  return rtpCapabilities;
}
