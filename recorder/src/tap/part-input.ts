import type { TapTrack } from '@lienthong/contracts';
import type { RecorderConfig } from '../config.js';
import { TapRelay } from './relay.js';
import { freePorts } from './udp-ports.js';

/** What one part's ffmpeg reads: the tap's tracks, each on the port ffmpeg listens on. */
export interface PartInput {
  tracks: TapTrack[];
  ip: string;
  close(): void;
}

export const mixesAudio = (tracks: TapTrack[]) => tracks.filter((t) => t.kind === 'audio').length > 1;

/**
 * With one audio track ffmpeg reads the tap's ports itself (copy mode, nothing in between). When
 * it mixes audio, the tracks go through a `TapRelay` to ports of its own on loopback. `offered`:
 * the ports offered to the tap, not to be reused.
 */
export async function partInput(tracks: TapTrack[], config: Pick<RecorderConfig, 'RTP_LISTEN_IP' | 'RTP_MIN_PORT' | 'RTP_MAX_PORT'>, offered: number[]): Promise<PartInput> {
  if (!mixesAudio(tracks)) return { tracks, ip: config.RTP_LISTEN_IP, close: () => undefined };
  const loopback = '127.0.0.1';
  const ports = await freePorts(loopback, config.RTP_MIN_PORT, config.RTP_MAX_PORT, tracks.length, offered);
  const relay = await TapRelay.open(config.RTP_LISTEN_IP, loopback, tracks.map((track, i) => ({ track, to: ports[i]! })));
  return { tracks: tracks.map((t, i) => ({ ...t, port: ports[i]! })), ip: loopback, close: () => relay.close() };
}
