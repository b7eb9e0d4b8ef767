import { describe, expect, it } from 'vitest';
import { assessQuality } from '../src/site/quality';
import { emptyInbound, summarizeInbound, summarizeOutbound } from '../src/site/stats';

const report = (entries: Record<string, unknown>[]) => new Map(entries.map((e, i) => [`s${i}`, e]));

describe('summarizeInbound', () => {
  it('sums inbound-rtp by kind and ignores everything else', () => {
    const stats = summarizeInbound(
      report([
        { type: 'inbound-rtp', kind: 'video', timestamp: 1000, framesDecoded: 90, bytesReceived: 100_000, packetsReceived: 120, packetsLost: 2, framesPerSecond: 30, frameWidth: 640, frameHeight: 360, freezeCount: 1, totalFreezesDuration: 0.4, retransmittedPacketsReceived: 5, nackCount: 6, jitterBufferDelay: 9, jitterBufferEmittedCount: 90 },
        { type: 'inbound-rtp', kind: 'audio', timestamp: 1000, packetsReceived: 150, bytesReceived: 9_000, packetsLost: 1, totalSamplesReceived: 144_000, concealedSamples: 5_000, silentConcealedSamples: 2_000, jitterBufferDelay: 8_640, jitterBufferEmittedCount: 144_000 },
        { type: 'inbound-rtp', mediaType: 'audio', timestamp: 1000, packetsReceived: 10, bytesReceived: 600 },
        { type: 'outbound-rtp', kind: 'video', timestamp: 1000, bytesSent: 5 },
        { type: 'inbound-rtp', kind: 'video', timestamp: 1000, mid: 'probator', ssrc: 1234, bytesReceived: 700, packetsReceived: 3 },
        { type: 'transport', timestamp: 1001, bytesReceived: 1_000_000, selectedCandidatePairId: 'cp1', srtpCipher: 'SRTP_AEAD_AES_256_GCM' },
        { type: 'candidate-pair', id: 'cp1', timestamp: 1000, localCandidateId: 'l1', state: 'succeeded', nominated: true },
        { type: 'local-candidate', id: 'l1', timestamp: 1000, protocol: 'tcp' },
      ]),
    );
    expect(stats).toEqual({
      videoFramesDecoded: 90,
      videoBytesReceived: 100_000,
      videoPacketsReceived: 120,
      videoPacketsLost: 2,
      videoFramesPerSecond: 30,
      videoFrameWidth: 640,
      videoFrameHeight: 360,
      videoFreezeCount: 1,
      videoFreezeSeconds: 0.4,
      videoRetransmittedPackets: 5,
      videoNackCount: 6,
      videoJitterBufferDelay: 9,
      videoJitterBufferEmitted: 90,
      audioPacketsReceived: 160,
      audioBytesReceived: 9_600,
      audioPacketsLost: 1,
      audioSamplesReceived: 144_000,
      audioSamplesConcealed: 3_000,
      audioJitterBufferDelay: 8_640,
      audioJitterBufferEmitted: 144_000,
      protocol: 'tcp',
      srtpCipher: 'SRTP_AEAD_AES_256_GCM',
      timestamp: 1001,
    });
  });

  it('is all zeros for an empty report', () => {
    expect(summarizeInbound(new Map())).toEqual(emptyInbound());
  });
});

describe('summarizeOutbound', () => {
  it('adds up simulcast layers', () => {
    const stats = summarizeOutbound(
      report([
        { type: 'outbound-rtp', kind: 'video', rid: 'r0', bytesSent: 1_000, packetsSent: 10, framesEncoded: 30 },
        { type: 'outbound-rtp', kind: 'video', rid: 'r1', bytesSent: 4_000, packetsSent: 20, framesEncoded: 30 },
        { type: 'outbound-rtp', kind: 'audio', bytesSent: 500, packetsSent: 50 },
      ]),
    );
    expect(stats).toMatchObject({ videoBytesSent: 5_000, videoPacketsSent: 30, videoFramesEncoded: 60, audioBytesSent: 500 });
  });

  it("reads the loss the node reports back for the sound (what the Opus encoder hears)", () => {
    const stats = summarizeOutbound(
      report([
        { type: 'outbound-rtp', kind: 'audio', bytesSent: 500, packetsSent: 50 },
        { type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0.0508, packetsLost: 12 },
        { type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.2 },
      ]),
    );
    expect(stats.audioReportedLossPercent).toBe(5.1);
  });
});

describe('assessQuality', () => {
  const at = (ms: number, patch: Partial<ReturnType<typeof emptyInbound>>) => ({ ...emptyInbound(ms), ...patch });

  it('rates a clean 30 fps stream as good', () => {
    const q = assessQuality(
      at(0, {}),
      at(2000, { videoPacketsReceived: 200, videoBytesReceived: 250_000, videoFramesDecoded: 60, audioPacketsReceived: 100 }),
    );
    expect(q).toEqual({ level: 'good', kbps: 1000, lossPercent: 0, fps: 30 });
  });

  it('rates heavy loss as poor', () => {
    const q = assessQuality(
      at(0, {}),
      at(2000, { videoPacketsReceived: 180, videoPacketsLost: 20, videoFramesDecoded: 40, videoBytesReceived: 1 }),
    );
    expect(q.level).toBe('poor');
    expect(q.lossPercent).toBe(10);
  });

  it('says none when nothing arrived', () => {
    expect(assessQuality(at(0, {}), at(2000, {})).level).toBe('none');
  });
});
