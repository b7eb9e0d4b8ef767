/**
 * WebRTC statistics reduced to the few numbers lienthong shows and tests. Pure: reads an
 * RTCStatsReport (or a Map of stats dictionaries) and never touches a peer connection.
 */
export interface InboundStats {
  videoFramesDecoded: number;
  videoBytesReceived: number;
  videoPacketsReceived: number;
  videoPacketsLost: number;
  /** The decoder's current frame rate as the browser reports it (0 when unknown). */
  videoFramesPerSecond: number;
  /** Size of the decoded picture (the largest of the video streams; 0 when unknown). */
  videoFrameWidth: number;
  videoFrameHeight: number;
  /** Freezes the browser saw in the picture (W3C: a frame late by max(3x the mean gap, mean + 150 ms)). */
  videoFreezeCount: number;
  videoFreezeSeconds: number;
  /** Packets repaired by retransmission (RTX), and the NACKs sent asking for them. */
  videoRetransmittedPackets: number;
  videoNackCount: number;
  /** Sum of the time frames waited in the jitter buffer (s) and how many left it: their ratio is the buffer's delay. */
  videoJitterBufferDelay: number;
  videoJitterBufferEmitted: number;
  audioPacketsReceived: number;
  audioBytesReceived: number;
  audioPacketsLost: number;
  /** Samples played out, and those the decoder invented to hide loss (silence it invented during DTX excluded). */
  audioSamplesReceived: number;
  audioSamplesConcealed: number;
  audioJitterBufferDelay: number;
  audioJitterBufferEmitted: number;
  /** The transport protocol of the selected ICE candidate pair ('udp', or 'tcp' behind a UDP-blocking firewall). */
  protocol: 'udp' | 'tcp' | null;
  /**
   * The SRTP profile the transport's DTLS handshake chose (Chromium: 'SRTP_AEAD_AES_256_GCM'; null
   * when the browser does not say): what the node pays per packet it encrypts for this site.
   */
  srtpCipher: string | null;
  /** When the sample was taken, in ms (performance.now() timeline of the stats). */
  timestamp: number;
}

/** InboundStats' numbers (a delta between two samples means something); the rest are labels. */
export type InboundNumber = Exclude<keyof InboundStats, 'protocol' | 'srtpCipher'>;

export interface OutboundStats {
  videoBytesSent: number;
  videoPacketsSent: number;
  videoFramesEncoded: number;
  /** Simulcast encodings the browser has switched on (`active`; browsers that do not say count none). */
  videoEncodingsActive: number;
  audioBytesSent: number;
  audioPacketsSent: number;
  /**
   * The loss the node last reported back for this sender's sound (its RTCP receiver reports'
   * fraction lost, in %): what the Opus encoder hears, and turns its in-band FEC up or down on.
   */
  audioReportedLossPercent: number;
  timestamp: number;
}

type StatsEntry = Record<string, unknown> & { type: string; timestamp?: number };

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Older browsers name the kind `mediaType`. */
const kindOf = (entry: StatsEntry): unknown => entry.kind ?? entry.mediaType;

/** An RTCStatsReport, or any Map of stats dictionaries (as tests build them). */
export interface StatsSource {
  forEach(callback: (value: unknown) => void): void;
}

function entries(report: StatsSource): StatsEntry[] {
  const list: StatsEntry[] = [];
  report.forEach((value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as StatsEntry).type === 'string') {
      list.push(value as StatsEntry);
    }
  });
  return list;
}

export const emptyInbound = (timestamp = 0): InboundStats => ({
  videoFramesDecoded: 0,
  videoBytesReceived: 0,
  videoPacketsReceived: 0,
  videoPacketsLost: 0,
  videoFramesPerSecond: 0,
  videoFrameWidth: 0,
  videoFrameHeight: 0,
  videoFreezeCount: 0,
  videoFreezeSeconds: 0,
  videoRetransmittedPackets: 0,
  videoNackCount: 0,
  videoJitterBufferDelay: 0,
  videoJitterBufferEmitted: 0,
  audioPacketsReceived: 0,
  audioBytesReceived: 0,
  audioPacketsLost: 0,
  audioSamplesReceived: 0,
  audioSamplesConcealed: 0,
  audioJitterBufferDelay: 0,
  audioJitterBufferEmitted: 0,
  protocol: null,
  srtpCipher: null,
  timestamp,
});

export const emptyOutbound = (timestamp = 0): OutboundStats => ({
  videoBytesSent: 0,
  videoPacketsSent: 0,
  videoFramesEncoded: 0,
  videoEncodingsActive: 0,
  audioBytesSent: 0,
  audioPacketsSent: 0,
  audioReportedLossPercent: 0,
  timestamp,
});

/**
 * mediasoup-client receives the node's bandwidth probes (padding) on a "probator" receiver of its
 * own: they are not program video, and would make a paused picture look like it still costs bytes.
 */
const isProbator = (entry: StatsEntry) => entry.mid === 'probator' || entry.ssrc === 1234;

/** Sums every `inbound-rtp` entry by kind (the bandwidth probator, and the stream of `skipMid` if given, aside). */
export function summarizeInbound(report: StatsSource, skipMid?: string): InboundStats {
  const sum = emptyInbound();
  for (const entry of entries(report)) {
    sum.timestamp = Math.max(sum.timestamp, num(entry.timestamp));
    if (entry.type !== 'inbound-rtp' || isProbator(entry) || (skipMid !== undefined && entry.mid === skipMid)) continue;
    const kind = kindOf(entry);
    if (kind === 'video') {
      sum.videoFramesDecoded += num(entry.framesDecoded);
      sum.videoBytesReceived += num(entry.bytesReceived);
      sum.videoPacketsReceived += num(entry.packetsReceived);
      sum.videoPacketsLost += Math.max(0, num(entry.packetsLost));
      sum.videoFramesPerSecond += num(entry.framesPerSecond);
      sum.videoFrameWidth = Math.max(sum.videoFrameWidth, num(entry.frameWidth));
      sum.videoFrameHeight = Math.max(sum.videoFrameHeight, num(entry.frameHeight));
      sum.videoFreezeCount += num(entry.freezeCount);
      sum.videoFreezeSeconds += num(entry.totalFreezesDuration);
      sum.videoRetransmittedPackets += num(entry.retransmittedPacketsReceived);
      sum.videoNackCount += num(entry.nackCount);
      sum.videoJitterBufferDelay += num(entry.jitterBufferDelay);
      sum.videoJitterBufferEmitted += num(entry.jitterBufferEmittedCount);
    } else if (kind === 'audio') {
      sum.audioPacketsReceived += num(entry.packetsReceived);
      sum.audioBytesReceived += num(entry.bytesReceived);
      sum.audioPacketsLost += Math.max(0, num(entry.packetsLost));
      sum.audioSamplesReceived += num(entry.totalSamplesReceived);
      sum.audioSamplesConcealed += Math.max(0, num(entry.concealedSamples) - num(entry.silentConcealedSamples));
      sum.audioJitterBufferDelay += num(entry.jitterBufferDelay);
      sum.audioJitterBufferEmitted += num(entry.jitterBufferEmittedCount);
    }
  }
  Object.assign(sum, transportFacts(report));
  return sum;
}

/**
 * What the transport entry says: the protocol of its selected candidate pair (transport ->
 * selected pair -> its local candidate) and the SRTP cipher its DTLS handshake chose.
 */
function transportFacts(report: StatsSource): Pick<InboundStats, 'protocol' | 'srtpCipher'> {
  const all = entries(report);
  const byId = (id: unknown) => all.find((e) => e.id === id);
  const transport = all.find((e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string');
  const pair = transport
    ? byId(transport.selectedCandidatePairId)
    : all.find((e) => e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated === true);
  const protocol = pair ? byId(pair.localCandidateId)?.protocol : undefined;
  const cipher = (transport ?? all.find((e) => e.type === 'transport'))?.srtpCipher;
  return { protocol: protocol === 'udp' || protocol === 'tcp' ? protocol : null, srtpCipher: typeof cipher === 'string' ? cipher : null };
}

/** One simulcast layer as the browser sends it. */
export interface SentLayer {
  rid: string;
  width: number;
  height: number;
  framesPerSecond: number;
  bytesSent: number;
  /** why the encoder holds the layer back ('bandwidth', 'cpu', 'none'…) */
  limitation: string;
}

/** Each outbound video layer of a producer's report (its simulcast layers), by rid. */
export function sentLayers(report: StatsSource): SentLayer[] {
  return entries(report)
    .filter((e) => e.type === 'outbound-rtp' && kindOf(e) === 'video')
    .map((e) => ({
      rid: typeof e.rid === 'string' ? e.rid : '',
      width: num(e.frameWidth),
      height: num(e.frameHeight),
      framesPerSecond: num(e.framesPerSecond),
      bytesSent: num(e.bytesSent),
      limitation: typeof e.qualityLimitationReason === 'string' ? e.qualityLimitationReason : '',
    }))
    .sort((a, b) => a.rid.localeCompare(b.rid));
}

/** Sums every `outbound-rtp` entry by kind (all simulcast layers together). */
export function summarizeOutbound(report: StatsSource): OutboundStats {
  const sum = emptyOutbound();
  for (const entry of entries(report)) {
    sum.timestamp = Math.max(sum.timestamp, num(entry.timestamp));
    if (entry.type !== 'outbound-rtp') continue;
    const kind = kindOf(entry);
    if (kind === 'video') {
      sum.videoBytesSent += num(entry.bytesSent);
      sum.videoPacketsSent += num(entry.packetsSent);
      sum.videoFramesEncoded += num(entry.framesEncoded);
      if (entry.active === true) sum.videoEncodingsActive += 1;
    } else if (kind === 'audio') {
      sum.audioBytesSent += num(entry.bytesSent);
      sum.audioPacketsSent += num(entry.packetsSent);
    }
  }
  for (const entry of entries(report)) {
    if (entry.type === 'remote-inbound-rtp' && kindOf(entry) === 'audio') {
      sum.audioReportedLossPercent = Math.max(sum.audioReportedLossPercent, Math.round(1000 * num(entry.fractionLost)) / 10);
    }
  }
  return sum;
}
