import { describe, expect, it } from 'vitest';
import { SilenceFiller, shiftSenderReports } from '../src/tap/silence-filler.js';

const o = { ssrc: 0xabcdef01, payloadType: 100, clockRate: 48000, quietMs: 1000 };
const rtp = (seq: number, ts: number) => {
  const p = Buffer.alloc(12 + 40, 7);
  p[0] = 0x80;
  p[1] = 100;
  p.writeUInt16BE(seq, 2);
  p.writeUInt32BE(ts, 4);
  p.writeUInt32BE(o.ssrc, 8);
  return p;
};
/** A sender report (RTP timestamp `ts`) followed by an SDES chunk, as the node sends them. */
const senderReport = (ts: number) => {
  const p = Buffer.alloc(28 + 8);
  p.set([0x80, 200, 0, 6]);
  p.writeUInt32BE(o.ssrc, 4);
  p.writeUInt32BE(ts, 16);
  p.set([0x81, 202, 0, 1], 28);
  return p;
};
const head = (p: Buffer) => ({ seq: p.readUInt16BE(2), ts: p.readUInt32BE(4), ssrc: p.readUInt32BE(8), pt: p[1]! & 0x7f });
/** The node's packets every 20 ms from `at` (ms), seq and ts going on from `seq`/`ts`. */
const stream = (f: SilenceFiller, at: number, n: number, seq: number, ts: number) =>
  Array.from({ length: n }, (_, i) => f.fromNode(rtp((seq + i) & 0xffff, (ts + i * 960) >>> 0), at + i * 20)!);

describe('silence filler', () => {
  it("passes the node's packets as they are while they come, and fills nothing", () => {
    const f = new SilenceFiller(o, 0);
    expect(f.fromNode(senderReport(5), 0)).toBeNull(); // nothing to time it by yet
    const sent = stream(f, 0, 100, 65500, 4_294_900_000);
    expect(sent.map(head).map((h) => h.seq)).toEqual(Array.from({ length: 100 }, (_, i) => (65500 + i) & 0xffff));
    expect(sent.every((p, i) => p.equals(rtp((65500 + i) & 0xffff, (4_294_900_000 + i * 960) >>> 0)))).toBe(true);
    expect(f.fill(1990)).toEqual([]);
    expect(f.fromNode(senderReport(5), 2000)!.equals(senderReport(5))).toBe(true);
  });

  it('stands in for a paused track with 20 ms Opus silence, then renumbers the resumed packets to follow it', () => {
    const f = new SilenceFiller(o, 0);
    stream(f, 0, 50, 100, 1000); // last: seq 149, ts 1000 + 49 * 960, at 980 ms
    expect(f.fill(1990)).toEqual([]);
    const silence = f.fill(2980).map((p) => ({ ...head(p), payload: [...p.subarray(12)] }));
    // from 980 ms, 20 ms a packet, up to 2980 - 1000 ms
    expect(silence).toHaveLength(50);
    expect(silence[0]).toEqual({ seq: 150, ts: 1000 + 50 * 960, ssrc: o.ssrc, pt: 100, payload: [0xf8, 0xff, 0xfe] });
    expect(silence.at(-1)).toMatchObject({ seq: 199, ts: 1000 + 99 * 960 });

    // The producer resumes: mediasoup's sequence goes on from 150, the source's clock ran on.
    const resumed = stream(f, 4000, 3, 150, 1000 + 200 * 960).map(head);
    expect(resumed.map((h) => h.seq)).toEqual([200, 201, 202]);
    expect(resumed.map((h) => h.ts)).toEqual([0, 1, 2].map((i) => 1000 + (200 + i) * 960));
    expect(f.fromNode(senderReport(77), 4100)!.readUInt32BE(16)).toBe(77);
  });

  it('fills a track silent from the start, and places its first packets at wall clock, reports shifted alike', () => {
    const f = new SilenceFiller(o, 0);
    const silence = f.fill(1500).map(head);
    expect(silence).toHaveLength(25);
    expect(silence.every((h, i) => i === 0 || (h.seq === ((silence[i - 1]!.seq + 1) & 0xffff) && h.ts === ((silence[i - 1]!.ts + 960) >>> 0)))).toBe(true);
    const last = silence.at(-1)!; // stands for 500 ms
    const [first, second] = stream(f, 1700, 2, 9, 123_456).map(head);
    expect(first).toMatchObject({ seq: (last.seq + 1) & 0xffff, ts: (last.ts + 1200 * 48) >>> 0 });
    expect(second).toMatchObject({ seq: (last.seq + 2) & 0xffff, ts: (last.ts + 1200 * 48 + 960) >>> 0 });
    const shift = (first!.ts - 123_456) >>> 0;
    expect(f.fromNode(senderReport(123_000), 1800)!.readUInt32BE(16)).toBe((123_000 + shift) >>> 0);
  });

  it('sends at most a burst after a long stop, skipping the rest of the time', () => {
    const f = new SilenceFiller({ ...o, maxBurst: 10 }, 0);
    const [a, b] = [f.fill(2000).map(head), f.fill(62_000).map(head)];
    expect(b).toHaveLength(10);
    expect(b[0]!.seq).toBe((a.at(-1)!.seq + 1) & 0xffff);
    expect((b.at(-1)!.ts - a.at(-1)!.ts) >>> 0).toBe(3000 * 960);
  });

  it("moves only the sender reports' RTP timestamps of a compound packet", () => {
    const shifted = shiftSenderReports(senderReport(0xfffffff0), 0x20);
    expect(shifted.readUInt32BE(16)).toBe(0x10);
    expect(shifted.subarray(28).equals(senderReport(0).subarray(28))).toBe(true);
  });
});
