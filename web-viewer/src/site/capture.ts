import type { types } from 'mediasoup-client';
import { Failure } from '../shared/failure';

/** What a site sends (the hall always, others while on the floor): one camera at 640x360 and one microphone. */
const video: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 360 },
  frameRate: { ideal: 30, max: 30 },
};
const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** The devices chosen on the device check; null means the system's default. */
export interface DeviceChoice {
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}
export const defaultDevices: DeviceChoice = { cameraId: null, microphoneId: null, speakerId: null };

/** Camera and microphone constraints for a choice (the same for the preview and for sending). */
export function captureConstraints(choice: DeviceChoice): { audio: MediaTrackConstraints; video: MediaTrackConstraints } {
  return {
    audio: choice.microphoneId ? { ...audio, deviceId: { exact: choice.microphoneId } } : audio,
    video: choice.cameraId ? { ...video, deviceId: { exact: choice.cameraId } } : video,
  };
}

/**
 * Opens the site's camera and microphone. If both together fail, each is tried alone so a hall
 * with a broken camera still sends its sound (and the other way round).
 */
export async function captureLocalMedia(choice: DeviceChoice = defaultDevices): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Failure('CAMERA_UNAVAILABLE', 'getUserMedia is unavailable (the page needs HTTPS or localhost)');
  }
  const { audio, video } = captureConstraints(choice);
  try {
    return await navigator.mediaDevices.getUserMedia({ audio, video });
  } catch (both) {
    const parts = await Promise.allSettled([
      navigator.mediaDevices.getUserMedia({ audio }),
      navigator.mediaDevices.getUserMedia({ video }),
    ]);
    const tracks = parts.flatMap((p) => (p.status === 'fulfilled' ? p.value.getTracks() : []));
    if (tracks.length) return new MediaStream(tracks);
    const reason = both instanceof Error ? `${both.name}: ${both.message}` : String(both);
    throw new Failure('CAMERA_UNAVAILABLE', reason);
  }
}

/**
 * Two simulcast layers (180p and 360p) with three temporal layers each, so the media nodes can give
 * a weak rural link a lower frame rate or the small layer instead of stalling; the "tiny" receive
 * level is the small layer's lowest temporal layer (receive-level.ts). A third 90p layer was tried:
 * Chromium caps simulcast at two layers for a 640x360 source, and the full 360p picture never
 * reached any site (site-endpoint e2e), so it waits for a capture of 960x540 or more.
 */
export const sendVideoEncodings: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 250_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000, scalabilityMode: 'L1T3' },
];
/** An operator's thumbnail is served the lowest layer (room-previews.ts): a site only previewed sends that one. */
export const thumbnailEncoding = 0;

/** Opus for speech in a hall: in-band FEC against loss, DTX to save bits in silence. */
export const sendAudioCodecOptions: types.ProducerCodecOptions = { opusFec: true, opusDtx: true, opusStereo: false };
export const sendVideoCodecOptions: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };
