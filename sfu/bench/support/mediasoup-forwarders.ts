import type { types } from 'mediasoup';
import pino from 'pino';
import { commandHandlers } from '../../src/commands/index.js';
import type { CommandContext } from '../../src/commands/context.js';
import { FenceBook } from '../../src/commands/fencing.js';
import type { SfuConfig } from '../../src/config.js';
import { CapacityEstimator } from '../../src/media/capacity-estimator.js';
import { routerMediaCodecs } from '../../src/media/codecs.js';
import { defaultPacerIntervalMs } from '../../src/media/libwebrtc-trials.js';
import { LoadMeter } from '../../src/media/load-meter.js';
import { MediaObjects } from '../../src/media/media-objects.js';
import { SocketDropMeter } from '../../src/media/socket-drops.js';
import { WorkerPool } from '../../src/media/worker-pool.js';
import { toRtpParameters } from '../../src/media/wire-adapters.js';
import type { Forwarder } from './forwarders.js';
import type { Sink, SinkRtcp } from './native-io.js';
import { siteSrtpSuite } from './site-cipher.js';
import { replayRtpParameters } from './vp8-recording.js';

export interface WorkerPorts {
  rtcMinPort: number;
  rtcMaxPort: number;
}

/** Consumers made this many at a time (a join storm's pace is not what is measured). */
const batch = 25;

async function inBatches<T>(items: T[], each: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += batch) await Promise.all(items.slice(i, i + batch).map((item, j) => each(item, i + j)));
}

/** Closes workers (`close`) and waits for their processes to be gone: the next run binds the same ports. */
async function closeWorkers(workers: types.Worker[], close = () => workers.forEach((w) => w.close())): Promise<void> {
  const pids = workers.map((w) => w.pid);
  close();
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A mediasoup forwarder's counters: its producer's packets and sequence gaps, its worker's CPU time,
 * and the datagrams the kernel dropped at the worker's sockets (the RTC port range) so far: input
 * loss with a full receive buffer is the worker not reading in time (infra/runbooks/capacity.md).
 */
function workerCounters(producer: types.Producer, worker: types.Worker, ports: WorkerPorts): Forwarder['counters'] {
  const drops = new SocketDropMeter([{ min: ports.rtcMinPort, max: ports.rtcMaxPort }]);
  let kernelDrops = 0;
  return async () => {
    const [[p], usage, [dropped]] = await Promise.all([producer.getStats(), worker.getResourceUsage(), drops.sample()]);
    kernelDrops += dropped ?? 0;
    return { received: p?.packetCount ?? 0, lost: p?.packetsLost ?? 0, cpuMs: usage.ru_utime + usage.ru_stime, kernelDrops };
  };
}

/** A PlainTransport the replay feeds, and its producer. */
async function feed(router: types.Router): Promise<{ port: number; producer: types.Producer }> {
  const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
  const producer = await t.produce({ kind: 'video', rtpParameters: replayRtpParameters });
  return { port: t.tuple.localPort, producer };
}

/** The receivers never decrypt: any remote key will do (AES-256 key and 12-byte salt). */
const remoteSrtp = { cryptoSuite: siteSrtpSuite, keyBase64: Buffer.alloc(44, 7).toString('base64') };

/**
 * The stock worker with the least a consumer can be: a PlainTransport per receiver, RTP or SRTP,
 * no header extensions nor RTCP feedback, nobody asking for stats.
 */
export async function stockWorker(ports: WorkerPorts, { srtp }: { srtp: boolean }): Promise<Forwarder> {
  const { createWorker } = await import('mediasoup');
  const worker = await createWorker({ logLevel: 'error', ...ports });
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  const { port, producer } = await feed(router);
  // A receiver's capabilities as bare as they come: VP8, nothing else.
  const caps: types.RtpCapabilities = {
    codecs: router.rtpCapabilities.codecs!.filter((c) => c.mimeType === 'video/VP8').map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
  return {
    inputPort: port,
    grow: (_sink, _first, receiverPorts) =>
      inBatches(receiverPorts, async (receiverPort) => {
        const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, enableSrtp: srtp, srtpCryptoSuite: siteSrtpSuite });
        await t.connect({ ip: '127.0.0.1', port: receiverPort, ...(srtp ? { srtpParameters: remoteSrtp } : {}) });
        await t.consume({ producerId: producer.id, rtpCapabilities: caps });
      }),
    counters: workerCounters(producer, worker, ports),
    close: () => closeWorkers([worker]),
  };
}

const transportCcUri = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';

/** A consumer feature a bench-only variant takes out of the receivers' capabilities. */
export type ConsumerFeature = 'transport-cc' | 'nack';

/**
 * The router's capabilities less `features`: without transport-cc (its header extension and
 * feedback) goog-remb goes too, or mediasoup would estimate with REMB instead: no estimator at all.
 * Without NACK the consumer keeps no packets for retransmission (PLI and FIR stay).
 */
export function capabilitiesWithout(caps: types.RtpCapabilities, features: ConsumerFeature[]): types.RtpCapabilities {
  const noTcc = features.includes('transport-cc');
  const noNack = features.includes('nack');
  return {
    codecs: caps.codecs!.map((c) => ({
      ...c,
      rtcpFeedback: (c.rtcpFeedback ?? []).filter(
        (f) => !(noTcc && (f.type === 'transport-cc' || f.type === 'goog-remb')) && !(noNack && f.type === 'nack' && !f.parameter),
      ),
    })),
    headerExtensions: (caps.headerExtensions ?? []).filter((h) => !(noTcc && h.uri === transportCcUri)),
  };
}

/**
 * The router's capabilities as a receiver that estimates its downlink itself offers them:
 * transport-cc (its header extension and feedback) out, goog-remb and abs-send-time kept, so
 * mediasoup makes the transport's estimator take REMB instead of per-packet feedback.
 */
export function capabilitiesWithRemb(caps: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: caps.codecs!.map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc') })),
    headerExtensions: (caps.headerExtensions ?? []).filter((h) => h.uri !== transportCcUri),
  };
}

export interface LienthongOptions {
  webRtcServer: boolean;
  /** The receivers send transport-cc feedback and receiver reports, as browsers do (false: nothing, the bench before). */
  rtcp: boolean;
  /** Bench-only variants: consumer features taken out of the receivers' capabilities. */
  without?: ConsumerFeature[];
  /**
   * The receivers estimate their downlink themselves: their capabilities negotiate REMB instead of
   * transport-cc (`capabilitiesWithRemb`) and each receiver report carries a REMB of this many bit/s.
   */
  rembBps?: number;
  /** The node's PACER_INTERVAL_MS (its default unless a variant prices mediasoup's own 5 ms). */
  pacerIntervalMs?: number;
}

/** What mediasoup made of the receivers' RTCP, from its own stats, and whether that shows it took it. */
export interface RtcpCheck {
  expected: { feedback: boolean; reports: boolean };
  transports: number;
  /**
   * Transports whose send-side estimate moved off its initial value (only transport-cc feedback,
   * or a REMB, moves it), and with REMB those whose estimate is at most the REMB's rate.
   */
  estimateMoved: number;
  estimateWithinRemb?: number;
  availableOutgoingBitrate: { min: number; median: number; max: number } | null;
  /** Consumers with a round-trip time (only a receiver report's LSR/DLSR gives one; mediasoup omits an RTT of 0). */
  consumersWithRtt: number;
  medianRttMs: number | null;
  sink: SinkRtcp;
  passed: boolean;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null);

/**
 * lienthong's own node, one worker: its worker pool, its command handlers (WebRtcTransports with
 * UDP and TCP, consumers made paused and resumed, router codecs and the full capabilities a
 * browser gets: transport-cc, NACK, PLI/FIR, abs-send-time...), and its heartbeat's load meter
 * asking every transport for stats each second. Each receiver is a WebRTC peer (ICE, DTLS, SRTP)
 * and, with `rtcp`, sends what a browser's receiver sends: transport-cc feedback every 100 ms
 * and a receiver report each second, SRTCP. `webRtcServer`: the transports share the worker's
 * WebRtcServer (WEBRTC_SERVER=true) instead of a socket each. `capacity()`: what the node's own
 * capacity estimator reports meanwhile. `rtcpCheck()`: whether mediasoup took the RTCP (its stats).
 */
export async function lienthongNode(
  ports: WorkerPorts,
  workerBin: string,
  { webRtcServer, rtcp, without = [], rembBps, pacerIntervalMs = defaultPacerIntervalMs }: LienthongOptions,
): Promise<Forwarder & { capacity(): number | undefined; rtcpCheck(sink: Sink): Promise<RtcpCheck> }> {
  const logger = pino({ level: 'warn' });
  const pool = await WorkerPool.start({
    count: 1,
    ...ports,
    workerBin,
    pacerIntervalMs,
    ...(webRtcServer ? { webRtcServer: { listenIp: '127.0.0.1', announcedIp: '127.0.0.1' } } : {}),
    logger,
    onWorkerRestarted: () => {},
    onGiveUp: (_i, e) => {
      throw e;
    },
  });
  const config = { LISTEN_IP: '127.0.0.1', ANNOUNCED_IP: '127.0.0.1' } as SfuConfig;
  const ctx: CommandContext = { media: new MediaObjects(), pool, config, logger, fences: new FenceBook() };
  const estimator = new CapacityEstimator({ ceiling: 100_000 });
  const meter = new LoadMeter(pool, ctx.media, estimator);
  let capacity: number | undefined;
  const heartbeat = setInterval(() => void meter.measure().then(([w]) => (capacity = w?.consumerCapacity)), 1000);

  const { routerId, rtpCapabilities } = await commandHandlers.createRouter({ conferenceId: 'bench', workerIndex: 0 }, ctx);
  const router = ctx.media.router(routerId).object;
  const { port, producer } = await feed(router);
  ctx.media.addProducer(producer, 0, 'plain', routerId);
  const worker = pool.get(0)!;
  const routerCaps = rtpCapabilities as types.RtpCapabilities;
  const consumerCaps = rembBps ? capabilitiesWithRemb(routerCaps) : without.length ? capabilitiesWithout(routerCaps, without) : routerCaps;
  /** Each receiver's transport and consumer, and the transport's send-side estimate before any RTCP. */
  const made: { transportId: string; consumerId: string; initialEstimate: number | undefined }[] = [];
  return {
    inputPort: port,
    grow: (sink, first, receiverPorts) =>
      inBatches(receiverPorts, async (_port, i) => {
        const t = await commandHandlers.createWebRtcTransport({ routerId, peerId: `site-${first + i}` }, ctx);
        await commandHandlers.connectWebRtcTransport(
          { transportId: t.id, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: sink.fingerprint }] } },
          ctx,
        );
        const udp = t.iceCandidates.find((c) => c.protocol === 'udp')!;
        await sink.connectWebRtc(first + i, udp.port, t.iceParameters);
        const c = await commandHandlers.consume({ transportId: t.id, producerId: producer.id, rtpCapabilities: consumerCaps }, ctx);
        const [initial] = (await ctx.media.mediaTransport(t.id).object.getStats()) as types.WebRtcTransportStat[];
        if (rtcp) sink.sendRtcp(first + i, toRtpParameters(c.rtpParameters).headerExtensions?.find((h) => h.uri === transportCcUri)?.id ?? 0, rembBps);
        await commandHandlers.resumeConsumer({ consumerId: c.id }, ctx);
        made.push({ transportId: t.id, consumerId: c.id, initialEstimate: initial?.availableOutgoingBitrate });
      }),
    counters: workerCounters(producer, worker, ports),
    capacity: () => capacity,
    rtcpCheck: async (sink) => {
      const estimates: number[] = [];
      let estimateMoved = 0;
      let estimateWithinRemb = 0;
      const rtts: number[] = [];
      await inBatches(made, async ({ transportId, consumerId, initialEstimate }) => {
        const [[t], stats] = await Promise.all([
          ctx.media.mediaTransport(transportId).object.getStats() as Promise<types.WebRtcTransportStat[]>,
          ctx.media.consumer(consumerId).object.getStats(),
        ]);
        if (t?.availableOutgoingBitrate !== undefined) estimates.push(t.availableOutgoingBitrate);
        if (t?.availableOutgoingBitrate !== initialEstimate) estimateMoved++;
        if (rembBps && t?.availableOutgoingBitrate !== undefined && t.availableOutgoingBitrate <= rembBps) estimateWithinRemb++;
        const out = stats.find((s) => s.type === 'outbound-rtp');
        if (out?.roundTripTime) rtts.push(out.roundTripTime);
      });
      const sorted = [...estimates].sort((a, b) => a - b);
      const expected = { feedback: rtcp && (!without.includes('transport-cc') || !!rembBps), reports: rtcp };
      // Nearly every transport (the newest had a warm-up and a window at least): a receiver whose
      // feedback mediasoup dropped would leave its estimate where it started. Reports: a majority of
      // RTTs, since mediasoup leaves out an RTT it computes as 0 (a loopback round trip under the
      // report's 1/65536 s, or the two clocks a hair apart); dropped reports leave none at all.
      // With REMB, moved and held at most at the receivers' rate: mediasoup's own worker drops REMB
      // and leaves the estimate at its start; REMB it could not parse leaves the receiver reports'
      // loss-based climb above the rate (both seen failing this check).
      const fed = estimateMoved >= Math.ceil(made.length * 0.9) && (!rembBps || estimateWithinRemb >= Math.ceil(made.length * 0.9));
      const reported = rtts.length > made.length / 2;
      const { rtcp: sinkRtcp } = await sink.count();
      return {
        expected,
        transports: made.length,
        estimateMoved,
        ...(rembBps ? { estimateWithinRemb } : {}),
        availableOutgoingBitrate: sorted.length ? { min: sorted[0]!, median: median(sorted)!, max: sorted.at(-1)! } : null,
        consumersWithRtt: rtts.length,
        medianRttMs: median(rtts),
        sink: sinkRtcp,
        passed:
          fed === expected.feedback && reported === expected.reports && sinkRtcp.srtcpErrors === 0 && (!rembBps || sinkRtcp.rembs >= made.length),
      };
    },
    close: async () => {
      clearInterval(heartbeat);
      await closeWorkers(pool.workers, () => pool.close());
    },
  };
}
