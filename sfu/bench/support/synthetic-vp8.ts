import type { Socket } from 'node:dgram';

/**
 * A synthetic VP8 RTP stream at a chosen bitrate: real RTP headers and VP8 payload descriptors
 * (so mediasoup treats it as VP8, keyframes included) around filler bytes, with the send time
 * (hrtime, ns) in each payload so a receiver can measure latency. Encoding real 720p video would
 * take a core of the two this machine has; forwarding cost depends on packet size and rate only.
 */
export const syntheticVp8 = { payloadType: 101, ssrc: 22_222_222, clockRate: 90_000 };
/** Where the send time sits after the RTP header: VP8 descriptor 4 (X, I, 15-bit picture id) + payload header 1. */
export const stampInPayload = 5;
const stampOffset = 12 + stampInPayload;

/**
 * RTP carrying media: not RTCP (sharing the port, its packet types read as 72-79 once the marker
 * bit is masked) and not mediasoup's bandwidth probation packets (payload type 127).
 */
export function isMediaRtp(packet: Buffer): boolean {
  const pt = packet[1]! & 0x7f;
  return packet.length >= 12 && packet[0]! >> 6 === 2 && pt >= 96 && pt < 127;
}

/** The send time a received packet carries (mediasoup may add header extensions: skip them). */
export function readStamp(packet: Buffer): bigint | undefined {
  let offset = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  offset += stampInPayload;
  return packet.length >= offset + 8 ? packet.readBigUInt64BE(offset) : undefined;
}

export const syntheticVp8RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', clockRate: syntheticVp8.clockRate, payloadType: syntheticVp8.payloadType, rtcpFeedback: [] }],
  encodings: [{ ssrc: syntheticVp8.ssrc }],
};

export interface GeneratorOptions {
  bitrate: number;
  packetSize?: number;
  framesPerSecond?: number;
  keyFrameEvery?: number;
}

export class Vp8Generator {
  sent = 0;
  private timer?: NodeJS.Timeout;
  private seq = 0;
  private frame = 0;

  constructor(
    private readonly socket: Socket,
    private readonly to: { ip: string; port: number },
    private readonly o: GeneratorOptions,
  ) {}

  start(): void {
    const size = this.o.packetSize ?? 1200;
    const fps = this.o.framesPerSecond ?? 30;
    const packetsPerSecond = this.o.bitrate / 8 / size;
    const packetsPerFrame = Math.max(1, Math.round(packetsPerSecond / fps));
    const startedAt = process.hrtime.bigint();
    let due = 0;
    // A 2 ms tick sends what is due: timers cannot pace single packets at 150+ per second.
    this.timer = setInterval(() => {
      const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
      for (; due < elapsed * packetsPerFrame * fps; due++) {
        const index = due % packetsPerFrame;
        if (index === 0) this.frame += 1;
        this.send(size, index === 0, index === packetsPerFrame - 1, this.frame % (this.o.keyFrameEvery ?? fps) === 1, fps);
      }
    }, 2);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private send(size: number, frameStart: boolean, marker: boolean, keyFrame: boolean, fps: number): void {
    const p = Buffer.alloc(size);
    p[0] = 0x80;
    p[1] = (marker ? 0x80 : 0) | syntheticVp8.payloadType;
    p.writeUInt16BE(this.seq++ & 0xffff, 2);
    p.writeUInt32BE((this.frame * (syntheticVp8.clockRate / fps)) >>> 0, 4);
    p.writeUInt32BE(syntheticVp8.ssrc, 8);
    // VP8 descriptor as browsers and ffmpeg send it (mediasoup ignores one without X): X, S on a
    // frame's first packet, partition 0; I with a 15-bit picture id.
    p[12] = frameStart ? 0x90 : 0x80;
    p[13] = 0x80;
    p.writeUInt16BE(0x8000 | (this.frame & 0x7fff), 14);
    p[16] = keyFrame && frameStart ? 0x00 : 0x01; // VP8 payload header: P = 0 is a keyframe
    p.writeBigUInt64BE(process.hrtime.bigint(), stampOffset);
    this.socket.send(p, this.to.port, this.to.ip);
    this.sent += 1;
  }
}
