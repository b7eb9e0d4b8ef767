/**
 * A join's first frame, broken down hop by hop: the page's User Timing marks (join-marks.ts) and
 * the media nodes' keyframe trace (sfu/src/media/keyframe-trace.ts), both on the host's wall clock.
 * Pure: the bench gathers the times, this lines them up.
 */
import type { KeyframeTraceLine } from '../../../sfu/src/media/keyframe-trace.js';

/** What the page saw of one join (ms since the epoch). */
export interface JoinTimes {
  clickAt: number;
  marks: Partial<Record<'joined' | 'device-loaded' | 'media-opened' | 'recv-connected' | 'consumers-started', number>>;
  firstFrameAt: number;
  /** The join's program consumers (ids on the node; the trace knows only the video one). */
  consumerIds: string[];
}

/** Consecutive phases (ms); they add up to the join's total. null: not seen (see each field). */
export interface FirstFrameBreakdown {
  totalMs: number;
  /** Click to openMedia answered: join, Device load, openMedia (transports and paused consumers made). */
  signallingMs: number;
  /** openMedia answered to the receive transport connected (connectTransport, ICE, DTLS). */
  iceDtlsMs: number;
  /** What startConsumers took beyond ICE/DTLS (0 when it was answered first). */
  consumerResumeMs: number;
  /**
   * Consumer live to the origin producer asking the hall's browser for the keyframe that served
   * this join (PLI/FIR out, same RTP stream): mediasoup's request delay at each hop and the
   * pipe's RTCP. null: no request since openMedia (served by a keyframe asked for before).
   */
  keyframeRequestMs: number | null;
  /** Of keyframeRequestMs, up to the site node's pipe producer sending its request up the pipe (pipe joins only). */
  requestAtSiteNodeMs: number | null;
  /** That request (or the consumer going live, when there was none) to the site's consumer sending the keyframe: encoder, pipes. */
  keyframeArrivalMs: number;
  /** Of keyframeArrivalMs, up to the hall's keyframe reaching the origin producer. */
  hallEncoderMs: number | null;
  /**
   * Requests the origin sent for that stream between the consumer going live and the keyframe: more
   * than 1 means the hall's browser let one go (Chromium ignores a request within 300 ms of the
   * last it honoured) and mediasoup asked again a second later.
   */
  requestsToHall: number;
  /** Keyframe sent by the site's consumer to the first decoded frame (network, jitter buffer, decoder, 5 ms polling). */
  decodeMs: number;
}

const isRequest = (l: KeyframeTraceLine) => (l.type === 'pli' || l.type === 'fir') && l.direction === 'out';

/** The breakdown of one join, or an error saying which time is missing. */
export function breakDown(join: JoinTimes, trace: readonly KeyframeTraceLine[], siteNodeId: string): FirstFrameBreakdown {
  const opened = need(join.marks['media-opened'], 'media-opened mark');
  const connected = need(join.marks['recv-connected'], 'recv-connected mark');
  const started = need(join.marks['consumers-started'], 'consumers-started mark');
  // The node resumes the consumer before its answer reaches the page: look from openMedia on.
  const keyframeOut = trace.find(
    (l) => l.at >= opened && l.at <= join.firstFrameAt && l.object === 'consumer' && join.consumerIds.includes(l.consumerId ?? '') && l.type === 'keyframe' && l.direction === 'out',
  );
  if (!keyframeOut) throw new Error(`no keyframe sent by consumers ${join.consumerIds.join(', ')} before the first frame`);
  const live = Math.max(connected, started);
  // The hall's producer (not a pipe's copy) of this program track, on the origin node.
  const origin = trace.filter((l) => l.producerId === keyframeOut.producerId && l.object === 'producer' && l.transport !== 'pipe' && l.at <= keyframeOut.at);
  const hallKeyframe = origin.filter((l) => l.type === 'keyframe' && l.direction === 'in').at(-1);
  const streamRequests = origin.filter((l) => isRequest(l) && l.ssrc === hallKeyframe?.ssrc && l.at <= (hallKeyframe?.at ?? 0));
  const originRequest = streamRequests.filter((l) => l.at >= opened).at(-1);
  const siteRequest = trace.find(
    (l) => l.at >= opened && l.at <= keyframeOut.at && l.nodeId === siteNodeId && l.producerId === keyframeOut.producerId && l.object === 'producer' && l.transport === 'pipe' && isRequest(l),
  );
  const requestAt = originRequest ? Math.max(originRequest.at, live) : live;
  return {
    totalMs: join.firstFrameAt - join.clickAt,
    signallingMs: opened - join.clickAt,
    iceDtlsMs: connected - opened,
    consumerResumeMs: Math.max(0, started - connected),
    keyframeRequestMs: originRequest ? requestAt - live : null,
    requestAtSiteNodeMs: siteRequest && originRequest ? Math.max(0, Math.min(siteRequest.at, requestAt) - live) : null,
    keyframeArrivalMs: keyframeOut.at - requestAt,
    hallEncoderMs: originRequest && hallKeyframe ? hallKeyframe.at - requestAt : null,
    requestsToHall: streamRequests.filter((l) => l.at >= live - 5).length,
    decodeMs: join.firstFrameAt - keyframeOut.at,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** p50/p95 of each phase over joins (null phases left out of their own figure, and counted). */
export function summarize(breakdowns: readonly FirstFrameBreakdown[]): Record<keyof FirstFrameBreakdown, { p50: number; p95: number; seen: number } | null> {
  const keys = Object.keys(breakdowns[0] ?? {}) as (keyof FirstFrameBreakdown)[];
  return Object.fromEntries(
    keys.map((key) => {
      const values = breakdowns.map((b) => b[key]).filter((v): v is number => v !== null).sort((a, b) => a - b);
      return [key, values.length ? { p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)), seen: values.length } : null];
    }),
  ) as Record<keyof FirstFrameBreakdown, { p50: number; p95: number; seen: number } | null>;
}

function need(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}
