import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TEXT =
  'The commune council meets today to discuss the new road, the school budget and the water supply. ' +
  'Each delegate may speak for three minutes. Please keep your microphone muted while others speak, ' +
  'and raise your hand to ask for the floor.';

/**
 * Chromium's fake microphone sends a short beep a second: a tone, which Opus classifies as music
 * and codes in its CELT mode, where in-band FEC does not exist, whatever loss the sender hears.
 * A hall sends speech: this synthesizes some (ffmpeg's flite voice, 48 kHz mono, with the pauses
 * between sentences that DTX skips) and returns the Chromium flags that make it the fake
 * microphone (looped).
 */
export function speechMicrophoneArgs(): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lienthong-speech-')), 'speech.wav');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `flite=text='${TEXT}':voice=slt`, '-ar', '48000', '-ac', '1', file]);
  return [`--use-file-for-fake-audio-capture=${file}`];
}
