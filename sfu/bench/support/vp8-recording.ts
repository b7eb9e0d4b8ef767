import { execFileSync } from 'node:child_process';
import type { Socket } from 'node:dgram';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * A real VP8 720p stream for the fan-out bench: encoded once by ffmpeg's libvpx from a moving test
 * pattern (with grain, so it costs bits like a camera) into an IVF file in the bench's cache, then
 * replayed as RTP at its own pace, frame by frame, looping. Packet sizes and counts are what a
 * real encoder gives (frames split into equal packets, as libwebrtc does), keyframes included.
 */
export const recordingSpec = { width: 1280, height: 720, fps: 30, bitrate: 1_500_000, seconds: 20, keyFrameEverySec: 2 };
export const vp8Rtp = { payloadType: 101, ssrc: 33_333_333, clockRate: 90_000 };
const lateFrameSec = 0.25;
/** Largest VP8 payload per packet: room left for header extensions and the SRTP tag. */
const maxPayload = 1150;

export function ensureRecording(cacheDir: string, ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg'): string {
  const s = recordingSpec;
  const file = path.join(cacheDir, `vp8-${s.width}x${s.height}-${s.fps}fps-${s.bitrate / 1000}k-${s.seconds}s.ivf`);
  if (existsSync(file)) return file;
  const kbps = `${s.bitrate / 1000}k`;
  // Encoded faster than real time (not paced): the replay gives it its pace.
  execFileSync(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${s.width}x${s.height}:rate=${s.fps},noise=alls=12:allf=t`],
    ...['-t', String(s.seconds), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8'],
    ...['-b:v', kbps, '-minrate', kbps, '-maxrate', kbps, '-bufsize', `${s.bitrate / 2000}k`],
    ...['-g', String(s.fps * s.keyFrameEverySec), '-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1'],
    `${file}.tmp.ivf`,
  ]);
  renameSync(`${file}.tmp.ivf`, file);
  return file;
}

export interface Vp8Frame {
  /** Seconds from the first frame. */
  at: number;
  data: Buffer;
  key: boolean;
}

/** The frames of an IVF file (32-byte header, then 12-byte frame headers: size, 64-bit pts). */
export function readIvf(file: string): { frames: Vp8Frame[]; duration: number } {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'DKIF') throw new Error(`${file} is not an IVF file`);
  const headerLength = b.readUInt16LE(6);
  const [den, num] = [b.readUInt32LE(16), b.readUInt32LE(20)];
  const frames: Vp8Frame[] = [];
  for (let at = headerLength; at + 12 <= b.length; ) {
    const size = b.readUInt32LE(at);
    const pts = Number(b.readBigUInt64LE(at + 4));
    const data = b.subarray(at + 12, at + 12 + size);
    // VP8 frame tag: bit 0 of the first byte is 0 on a keyframe.
    frames.push({ at: (pts * num) / den, data, key: (data[0]! & 1) === 0 });
    at += 12 + size;
  }
  const last = frames.at(-1);
  return { frames, duration: last ? last.at + num / den : 0 };
}

/** RTP parameters a producer needs for the replayed stream. */
export const replayRtpParameters = {
  codecs: [{ mimeType: 'video/VP8', clockRate: vp8Rtp.clockRate, payloadType: vp8Rtp.payloadType, rtcpFeedback: [] }],
  encodings: [{ ssrc: vp8Rtp.ssrc }],
};

/** Replays the frames as RTP to one address, each frame when its time comes, looping. */
export class Vp8Replay {
  /** RTP packets sent, and frames dropped for being late. */
  sent = 0;
  lateFrames = 0;
  packetsPerSecond: number;
  private timer?: NodeJS.Timeout;
  private seq = 0;
  private pictureId = 0;

  constructor(
    private readonly socket: Socket,
    private readonly to: { ip: string; port: number },
    private readonly recording: { frames: Vp8Frame[]; duration: number },
  ) {
    const packets = recording.frames.reduce((n, f) => n + Math.ceil(f.data.length / maxPayload), 0);
    this.packetsPerSecond = packets / recording.duration;
  }

  start(): void {
    const { frames, duration } = this.recording;
    const startedAt = performance.now();
    let next = 0;
    // A 2 ms tick sends every frame that is due (timers cannot fire per frame exactly).
    this.timer = setInterval(() => {
      const elapsed = (performance.now() - startedAt) / 1000;
      for (;;) {
        const loop = Math.floor(next / frames.length);
        const frame = frames[next % frames.length]!;
        const at = loop * duration + frame.at;
        if (at > elapsed) break;
        // A live source never sends a backlog: a frame this process was too busy to send in time
        // is dropped (a burst of them would flood the forwarder's input as no camera does).
        if (elapsed - at > lateFrameSec) this.lateFrames += 1;
        else this.sendFrame(frame, Math.round(at * vp8Rtp.clockRate));
        next += 1;
      }
    }, 2);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sendFrame(frame: Vp8Frame, timestamp: number): void {
    const count = Math.ceil(frame.data.length / maxPayload);
    const size = Math.ceil(frame.data.length / count);
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    for (let i = 0; i < count; i++) {
      const chunk = frame.data.subarray(i * size, (i + 1) * size);
      const p = Buffer.allocUnsafe(12 + 4 + chunk.length);
      p[0] = 0x80;
      p[1] = (i === count - 1 ? 0x80 : 0) | vp8Rtp.payloadType;
      p.writeUInt16BE(this.seq++ & 0xffff, 2);
      p.writeUInt32BE(timestamp >>> 0, 4);
      p.writeUInt32BE(vp8Rtp.ssrc, 8);
      // VP8 payload descriptor: X, S on the first packet, partition 0; I with a 15-bit picture id.
      p[12] = i === 0 ? 0x90 : 0x80;
      p[13] = 0x80;
      p.writeUInt16BE(0x8000 | this.pictureId, 14);
      chunk.copy(p, 16);
      this.socket.send(p, this.to.port, this.to.ip);
      this.sent += 1;
    }
  }
}
