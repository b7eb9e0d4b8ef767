import { routeToSpeaker } from './device-list';

const TONE_HZ = 440;
export const TONE_MS = 1_500;

/**
 * Plays a short, soft 440 Hz tone on the chosen speaker (through an <audio> element, the only
 * portable way to pick an output device), so the site's operator hears whether the hall's
 * loudspeakers work before joining.
 */
export async function playTestTone(speakerId: string | null): Promise<void> {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  const destination = context.createMediaStreamDestination();
  oscillator.frequency.value = TONE_HZ;
  gain.gain.setValueAtTime(0, context.currentTime);
  gain.gain.linearRampToValueAtTime(0.2, context.currentTime + 0.05);
  gain.gain.setValueAtTime(0.2, context.currentTime + TONE_MS / 1000 - 0.1);
  gain.gain.linearRampToValueAtTime(0, context.currentTime + TONE_MS / 1000);
  oscillator.connect(gain).connect(destination);
  const element = new Audio();
  element.srcObject = destination.stream;
  await routeToSpeaker(element, speakerId);
  try {
    await context.resume();
    oscillator.start();
    await element.play();
    await new Promise((resolve) => setTimeout(resolve, TONE_MS));
  } finally {
    oscillator.stop();
    element.srcObject = null;
    await context.close().catch(() => undefined);
  }
}
