import type { TapTrack } from '@lienthong/contracts';
import { createSocket, type Socket } from 'node:dgram';
import { isRtcp, SilenceFiller } from './silence-filler.js';

/** One track through the relay: from the tap's port to ffmpeg's. */
export interface RelayedTrack {
  track: TapTrack;
  /** where ffmpeg listens for it */
  to: number;
}

/** An audio track quiet this long gets silence: well past any jitter, well inside ffmpeg's 10 s interleaving window. */
const quietMs = 1000;
/** Silence is sent while another track of the part got media this recently: if all stop, ffmpeg's input still ends (~10 s). */
const liveMs = 2000;
/** How often silence is sent (5 packets a time): ffmpeg reads by timestamp, a wakeup costs. */
const fillEveryMs = 100;

/**
 * The recorder's hop between the node and ffmpeg for a part that mixes audio: every track of the
 * part passes through, each audio track through a `SilenceFiller`. Video passes as it is; it is
 * here only so that a part whose audio is all muted still counts as receiving media.
 */
export class TapRelay {
  private lastMediaAt = -Infinity;
  private readonly sockets: Socket[] = [];
  private readonly fillers: { filler: SilenceFiller; socket: Socket; to: number }[] = [];
  private readonly timer = setInterval(() => this.fill(), fillEveryMs);

  private constructor(private readonly ffmpegIp: string) {}

  static async open(listenIp: string, ffmpegIp: string, tracks: RelayedTrack[]): Promise<TapRelay> {
    const relay = new TapRelay(ffmpegIp);
    const startedAt = performance.now();
    try {
      for (const t of tracks) await relay.add(listenIp, t, startedAt);
    } catch (err) {
      relay.close();
      throw err;
    }
    return relay;
  }

  close(): void {
    clearInterval(this.timer);
    for (const s of this.sockets) s.close();
  }

  private async add(listenIp: string, { track, to }: RelayedTrack, startedAt: number) {
    const socket = createSocket('udp4');
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(track.port, listenIp, () => (socket.off('error', reject), resolve()));
    });
    const { ssrc, codec } = track;
    const filler = track.kind === 'audio' ? new SilenceFiller({ ssrc, payloadType: codec.payloadType, clockRate: codec.clockRate, quietMs }, startedAt) : null;
    if (filler) this.fillers.push({ filler, socket, to });
    socket.on('message', (packet) => {
      const now = performance.now();
      if (!isRtcp(packet)) this.lastMediaAt = now;
      const out = filler ? filler.fromNode(packet, now) : packet;
      if (out) socket.send(out, to, this.ffmpegIp);
    });
  }

  private fill() {
    const now = performance.now();
    if (now - this.lastMediaAt > liveMs) return;
    for (const { filler, socket, to } of this.fillers) for (const packet of filler.fill(now)) socket.send(packet, to, this.ffmpegIp);
  }
}
