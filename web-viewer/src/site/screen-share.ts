import type { types } from 'mediasoup-client';
import { Failure } from '../shared/failure';

/**
 * A shared screen or window (slides, a document) as the program's presentation. Text must stay
 * sharp, motion hardly matters: the capture keeps its resolution (contentHint 'detail', so the
 * encoder lowers the frame rate, never the resolution, when bits run short) at 5 frames a second.
 */
const frameRate = 5;

/**
 * Two simulcast layers, both at slide rate. The full one carries the screen as captured for every
 * site on a normal link; the half-size one, at 2 fps and 150 kbit/s, is what a site on "low
 * bandwidth" (or the adaptation's lower levels) gets: large slide text stays readable where the
 * full layer (a slide change is a burst of ~0.5-1 Mbit) would stall a 3G link. A third layer would
 * only shrink text further: below half size a slide is not worth its bits, sound-only is.
 */
export const presentationEncodings: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 150_000, maxFramerate: 2, scalabilityMode: 'L1T1' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, maxFramerate: frameRate, scalabilityMode: 'L1T1' },
];
export const presentationCodecOptions: types.ProducerCodecOptions = { videoGoogleStartBitrate: 600 };

/** Asks the browser for a screen or window to share (its own picker); no sound. */
export async function captureScreen(): Promise<MediaStreamTrack> {
  if (!navigator.mediaDevices?.getDisplayMedia) {
    throw new Failure('SCREEN_UNAVAILABLE', 'getDisplayMedia is unavailable (the page needs HTTPS or localhost)');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: frameRate, max: frameRate } }, audio: false });
  } catch (err) {
    throw new Failure('SCREEN_UNAVAILABLE', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
  const [track] = stream.getVideoTracks();
  if (!track) throw new Failure('SCREEN_UNAVAILABLE', 'The browser shared no video');
  track.contentHint = 'detail';
  return track;
}
