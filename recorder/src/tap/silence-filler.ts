export interface FillerOptions {
  ssrc: number;
  payloadType: number;
  clockRate: number;
  /** how long the track may stay quiet before silence stands in (more than any jitter) */
  quietMs: number;
  /** most silence sent at once (after the whole part stopped a while): ffmpeg fills the rest from timestamps */
  maxBurst?: number;
}

/** A 20 ms Opus CELT frame of silence (TOC 0xF8, 3 bytes): ffmpeg's decoder makes zeros of it. */
const opusSilence = Buffer.from([0xf8, 0xff, 0xfe]);
const frameMs = 20;

/**
 * One audio track of a mixed part on its way to ffmpeg, kept continuous: when the node sends
 * nothing for `quietMs` (a muted microphone: its producer is paused; a stalled uplink), Opus
 * silence takes its place, 20 ms a packet, on the track's own SSRC, sequence and clock. ffmpeg's
 * amix waits for every input, so without it one quiet track would hold back the others' audio.
 *
 * The node's packets are renumbered to follow the silence (mediasoup keeps a paused consumer's
 * sequence contiguous, so ffmpeg would otherwise see the silence and the resumed packets collide).
 * Timestamps go on from the source's clock when it ran on past the silence (a paused producer);
 * otherwise (a track silent from the start, a packet later than `quietMs`) they are placed at
 * wall clock. Sender reports get the same shift: ffmpeg times the track by them (NTP), so its
 * sync with the other tracks holds whatever the shift (from the next report on when it changes).
 */
export class SilenceFiller {
  /** what ffmpeg got last (the newest): null before the first packet, real or silent */
  private last: { seq: number; ts: number; at: number } | null = null;
  /** a packet of the node's came: its offsets are known */
  private anchored = false;
  private seqOffset = 0;
  private tsOffset = 0;
  /** timestamp of the last silence sent since the node's last packet */
  private filledTo: number | null = null;

  constructor(
    private readonly o: FillerOptions,
    /** when the part started: a track silent from the start is filled from there */
    private readonly startedAt: number,
  ) {}

  /** A packet from the node (RTP or RTCP, muxed), as ffmpeg must get it; null: drop it. */
  fromNode(packet: Buffer, now: number): Buffer | null {
    if (isRtcp(packet)) return this.anchored ? shiftSenderReports(packet, this.tsOffset) : null;
    if (packet.length < 12) return null;
    const seq = packet.readUInt16BE(2);
    const ts = packet.readUInt32BE(4);
    if (this.filledTo !== null && this.last) {
      // The first packet after silence follows it: in sequence, and in time from the source's
      // clock if that ran on past the silence, else from the wall clock.
      if (!this.anchored || !after32(ts + this.tsOffset, this.filledTo)) this.tsOffset = (this.last.ts + this.ticks(now - this.last.at) - ts) >>> 0;
      this.seqOffset = (this.last.seq + 1 - seq) & 0xffff;
      this.filledTo = null;
    }
    this.anchored = true;
    const out = Buffer.from(packet);
    const outSeq = (seq + this.seqOffset) & 0xffff;
    const outTs = (ts + this.tsOffset) >>> 0;
    out.writeUInt16BE(outSeq, 2);
    out.writeUInt32BE(outTs, 4);
    this.sent(outSeq, outTs, now);
    return out;
  }

  /** Silence for the time the track has been quiet, but for the last `quietMs`. */
  fill(now: number): Buffer[] {
    const from = this.last ?? { seq: randomInt(0x10000), ts: randomInt(0x100000000), at: this.startedAt };
    const due = Math.floor((now - this.o.quietMs - from.at) / frameMs);
    if (due <= 0) return [];
    const skip = Math.max(0, due - (this.o.maxBurst ?? 50));
    let { seq, ts } = from;
    ts = (ts + skip * this.ticks(frameMs)) >>> 0;
    const packets: Buffer[] = [];
    for (let i = skip; i < due; i++) {
      seq = (seq + 1) & 0xffff;
      ts = (ts + this.ticks(frameMs)) >>> 0;
      packets.push(this.silence(seq, ts));
    }
    this.last = { seq, ts, at: from.at + due * frameMs };
    this.filledTo = ts;
    return packets;
  }

  private sent(seq: number, ts: number, now: number) {
    if (!this.last) this.last = { seq, ts, at: now };
    if (after16(seq, this.last.seq)) this.last.seq = seq;
    if (after32(ts, this.last.ts)) Object.assign(this.last, { ts, at: now });
  }

  private silence(seq: number, ts: number): Buffer {
    const p = Buffer.alloc(12 + opusSilence.length);
    p[0] = 0x80;
    p[1] = this.o.payloadType & 0x7f;
    p.writeUInt16BE(seq, 2);
    p.writeUInt32BE(ts, 4);
    p.writeUInt32BE(this.o.ssrc >>> 0, 8);
    opusSilence.copy(p, 12);
    return p;
  }

  private ticks(ms: number) {
    return Math.round((ms * this.o.clockRate) / 1000);
  }
}

/** RTCP on an RTP port (RFC 5761): packet types 192-223 where RTP has marker + payload type. */
export const isRtcp = (p: Buffer) => p.length >= 8 && p[1]! >= 192 && p[1]! <= 223;

/** A compound RTCP packet with each sender report's RTP timestamp moved by `shift`. */
export function shiftSenderReports(packet: Buffer, shift: number): Buffer {
  if (!shift) return packet;
  const out = Buffer.from(packet);
  for (let at = 0; at + 4 <= out.length; at += (out.readUInt16BE(at + 2) + 1) * 4)
    if (out[at + 1] === 200 && at + 20 <= out.length) out.writeUInt32BE((out.readUInt32BE(at + 16) + shift) >>> 0, at + 16);
  return out;
}

/** `a` comes after `b` on a wrapping 32-bit (timestamp) or 16-bit (sequence) counter. */
const after32 = (a: number, b: number) => ((a - b) | 0) > 0;
const after16 = (a: number, b: number) => ((((a - b) & 0xffff) ^ 0x8000) - 0x8000) > 0;
const randomInt = (n: number) => Math.floor(Math.random() * n);
