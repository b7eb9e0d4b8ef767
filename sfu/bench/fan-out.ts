/**
 * Fan-out per core, honestly (issue 16): how many receivers of one real 720p VP8 stream a
 * forwarder feeds from one core before it passes 95% CPU or loses more than 1% of the copies.
 *
 * - The stream: VP8 encoded by ffmpeg's libvpx (1.5 Mbps, 30 fps, keyframe every 2 s), cached,
 *   replayed as RTP at its own pace, looping.
 * - The receivers: one UDP socket each, in a C process of their own (recvmmsg under epoll), never
 *   in the measured one. For lienthong's node each receiver is a WebRTC peer: ICE, DTLS, SRTP.
 *   Its DTLS offer is Chromium's (AES-CM/HMAC-SHA1-80, AES-256-GCM, AES-128-GCM); the node picks,
 *   as it does for a browser: AEAD_AES_256_GCM (each lienthong result's `srtpProfiles`). Bare SRTP
 *   consumers use that cipher too (until issue 16's work, every SRTP run used AES-CM/HMAC-SHA1-80,
 *   which costs this CPU ~2x the libsrtp time per packet: a cipher no browser was getting).
 *   The sink polls its sockets each millisecond (BENCH_SINK=paced, the default) rather than
 *   sleeping in epoll_wait (`woken`): on loopback the sender's system call delivers the datagram,
 *   and one that finds the sink asleep also wakes it across CPUs, a hypervisor exit here (~5 µs),
 *   charged to the forwarder. A forwarder that sends packet by packet paid it for most packets,
 *   raw C's bursts once a burst; real receivers are other machines and cost a forwarder nothing.
 * - Forwarders, in the same run: raw C (sendmmsg), raw Node (one dgram socket), the stock
 *   mediasoup worker with bare PlainTransport consumers (RTP, then SRTP), and lienthong's node as
 *   it makes consumers for sites (its worker pool and command handlers, WebRtcTransports, the full
 *   browser capabilities, its heartbeat's stats polling), whose receivers send what a browser's
 *   receiver sends: transport-cc feedback every 100 ms and a receiver report each second, SRTCP
 *   with the keys of their DTLS handshakes. After each lienthong run the bench reads mediasoup's
 *   own stats (send-side estimates moved, round-trip times known) to show it took that RTCP, and
 *   exits non-zero when it did not. `lienthongNoRtcp`: the receivers send nothing (the bench before
 *   issue 16's feedback fix). Bench-only variants for what a consumer feature costs: `lienthongNoTcc`
 *   (no transport-cc nor REMB in the receivers' capabilities: no send-side estimator), `lienthongNoNack`;
 *   `lienthongRemb`: the receivers negotiate REMB instead of transport-cc (goog-remb and
 *   abs-send-time kept) and put a REMB of 1.6 Mbit/s in each receiver report; its rtcpCheck wants
 *   every estimate moved off its start and held at most at that rate. mediasoup 3.12.16's own
 *   worker drops every REMB (its estimate never moves: the check fails), so this run uses it with
 *   infra/setup/mediasoup-worker-patches/remb-estimate.patch (BENCH_REMB_WORKER_BIN), a one-line
 *   change that only REMB transports run; `lienthongRembPatched` has every patch.
 *   `lienthongServer`: the same with the worker's WebRtcServer (WEBRTC_SERVER=true, the node's
 *   default), so every copy leaves through one UDP socket; `lienthong` gives each transport its
 *   own (WEBRTC_SERVER=false). Both run the node's PACER_INTERVAL_MS (25); `…Pacer5` variants
 *   run mediasoup's own 5 ms. A run whose name ends in `Patched` uses the worker built
 *   with every patch of infra/setup/mediasoup-worker-patches (the node's default build), the
 *   others mediasoup's own worker: the two binaries are compared in the same run.
 * - Each step: warm-up (new consumers wait for a keyframe), then a window (15 s) measured. A
 *   mediasoup worker's steps also count the datagrams the kernel dropped at its sockets in the
 *   window (`kernelDrops`, /proc/net/udp): input loss with drops is the worker not reading in time
 *   (a full receive buffer: infra/runbooks/capacity.md), not the replay.
 *
 * Prints one JSON document (progress on stderr). Saturates a core: run it alone, under
 *   flock /tmp/lienthong-heavy.lock npm run -s bench:fan-out [-- --quick]
 * Knobs: BENCH_RUNS (rawC,rawNode,stockRtp,stockSrtp,lienthong,lienthongServerPacer5,lienthongServer,lienthongServerPatched;
 * also stockRtpPatched, stockSrtpPatched, lienthongPatched, lienthongNoRtcp, lienthongNoTcc, lienthongRemb,
 * lienthongNoNack, lienthongPacer5 and their ...Patched), BENCH_SINK (paced, woken),
 * BENCH_WINDOW_MS, BENCH_WARMUP_MS,
 * BENCH_START, BENCH_GROWTH, BENCH_MAX, BENCH_RTC_PORTS (12000-14999: the workers' ports),
 * BENCH_STOCK_WORKER_BIN / BENCH_PATCHED_WORKER_BIN / BENCH_REMB_WORKER_BIN (else built or found by the
 * setup script).
 */
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { climb, summarise, type ClimbOptions, type Step } from './support/climb.js';
import { rawC, rawNode, type Forwarder } from './support/forwarders.js';
import { lienthongNode, stockWorker, type RtcpCheck } from './support/mediasoup-forwarders.js';
import { buildFanoutIo, Sink } from './support/native-io.js';
import { ensureRecording, readIvf, recordingSpec, Vp8Replay } from './support/vp8-recording.js';
import { WorkerUnderTest } from './support/worker-binaries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const cacheDir = path.join(repoRoot, '.lienthong/bench-cache/fan-out');
const workers = new WorkerUnderTest(repoRoot, cacheDir);

const quick = process.argv.includes('--quick');
const env = (name: string, full: number, short: number) => Number(process.env[name] ?? (quick ? short : full));
const options: ClimbOptions = {
  start: env('BENCH_START', 100, 20),
  growth: env('BENCH_GROWTH', 1.3, 2),
  max: env('BENCH_MAX', 2000, 80),
  warmUpMs: env('BENCH_WARMUP_MS', 3000, 2500),
  windowMs: env('BENCH_WINDOW_MS', 15_000, 2000),
  maxCpu: 0.95,
  minDelivered: 0.99,
};
const [rtcMinPort, rtcMaxPort] = (process.env.BENCH_RTC_PORTS ?? '12000-14999').split('-').map(Number) as [number, number];
/**
 * What lienthongRemb's receivers report of their downlink: a plausible site's, just above the
 * stream's 1.5 Mbit/s and below the ~2.1 Mbit/s (1.35x what its consumer wants) the node's estimate
 * reaches on its own, so an estimate held under it shows the REMB set it.
 */
const rembBps = 1_600_000;
/** How the sink waits (native-io's SinkWaking): paced unless BENCH_SINK=woken. */
const sinkWaking = z.enum(['paced', 'woken']).parse(process.env.BENCH_SINK ?? 'paced');
const runNames = (process.env.BENCH_RUNS ?? 'rawC,rawNode,stockRtp,stockSrtp,lienthong,lienthongServerPacer5,lienthongServer,lienthongServerPatched').split(',');
const log = (...parts: unknown[]) => process.stderr.write(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ') + '\n');

const fanoutIo = buildFanoutIo(cacheDir);
const recording = readIvf(ensureRecording(cacheDir));
const source = createSocket('udp4');
await new Promise<void>((r) => source.bind(0, '127.0.0.1', r));

/** Each forwarder, given the path of the worker binary it is to use (mediasoup's link). */
const makers: Record<
  string,
  (workerBin: string) => Promise<Forwarder & { capacity?(): number | undefined; rtcpCheck?(sink: Sink): Promise<RtcpCheck> }>
> = {
  rawC: () => rawC(fanoutIo),
  rawNode: () => rawNode(),
  stockRtp: () => stockWorker({ rtcMinPort, rtcMaxPort }, { srtp: false }),
  stockSrtp: () => stockWorker({ rtcMinPort, rtcMaxPort }, { srtp: true }),
  lienthong: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: true }),
  lienthongServer: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: true, rtcp: true }),
  lienthongNoRtcp: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: false }),
  lienthongNoTcc: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: true, without: ['transport-cc'] }),
  lienthongRemb: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: true, rembBps: rembBps }),
  lienthongNoNack: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: true, without: ['nack'] }),
  lienthongPacer5: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: false, rtcp: true, pacerIntervalMs: 5 }),
  lienthongServerPacer5: (bin) => lienthongNode({ rtcMinPort, rtcMaxPort }, bin, { webRtcServer: true, rtcp: true, pacerIntervalMs: 5 }),
};
/** Runs whose receivers send REMB: mediasoup's own worker drops it (remb-estimate.patch). */
const rembRuns = new Set(['lienthongRemb']);
/** `<maker>` or `<maker>Patched` (a mediasoup forwarder on the patched worker). */
function forwarderOf(name: string) {
  const patched = name.endsWith('Patched') && !name.startsWith('raw');
  const base = patched ? name.slice(0, -'Patched'.length) : name;
  const maker = makers[base];
  if (!maker) throw new Error(`BENCH_RUNS: unknown run '${name}' (known: ${Object.keys(makers).join(', ')}, and a mediasoup one + Patched)`);
  return () => maker(workers.use(patched ? 'patched' : rembRuns.has(base) ? 'remb' : 'stock'));
}
const forwarders = new Map(runNames.map((name) => [name, forwarderOf(name)]));

/** One forwarder climbed with a fresh sink; lienthong's steps also carry its self-measured capacity. */
async function run(name: string) {
  const sink = await Sink.start(fanoutIo, sinkWaking);
  const forwarder = await forwarders.get(name)!();
  const replay = new Vp8Replay(source, { ip: '127.0.0.1', port: forwarder.inputPort }, recording);
  replay.start();
  let receivers = 0;
  const capacities: (number | undefined)[] = [];
  try {
    const climbed = await climb(
      options,
      async (n) => {
        const ports = await sink.open(n - receivers);
        await forwarder.grow(sink, receivers, ports);
        receivers = n;
      },
      async () => {
        const [f, s] = await Promise.all([forwarder.counters(), sink.count()]);
        return { at: Date.now(), received: f.received, lost: f.lost, cpuMs: f.cpuMs, delivered: s.packets, missed: s.lost, sinkCpuMs: s.cpuMs, kernelDrops: f.kernelDrops };
      },
      (step: Step) => {
        capacities.push(forwarder.capacity?.());
        log(name, step);
      },
    );
    const { steps } = climbed;
    if (climbed.addFailed) log(name, 'stopped: could not add', climbed.addFailed);
    const withCapacity = forwarder.capacity ? steps.map((s, i) => ({ ...s, selfMeasuredCapacity: capacities[i] ?? null })) : steps;
    const rtcpCheck = forwarder.rtcpCheck ? await forwarder.rtcpCheck(sink) : null;
    if (rtcpCheck) log(name, 'rtcp check', rtcpCheck);
    // Frames the replay dropped for being late: its process was starved (a busy machine).
    // The SRTP profiles the node chose for the WebRTC receivers, from the offer a browser makes.
    const srtpProfiles = Object.keys(sink.srtpProfiles).length ? sink.srtpProfiles : undefined;
    return { ...summarise(climbed, options, replay.packetsPerSecond), replayLateFrames: replay.lateFrames, rtcpCheck, srtpProfiles, steps: withCapacity };
  } finally {
    replay.stop();
    await forwarder.close();
    sink.stop();
  }
}

const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
for (const name of runNames) results[name] = await run(name);

const ratio = (a?: number | null, b?: number | null) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);
const perCore = (name: string) => results[name]?.perFullCoreAtMeasuredCost;
const packetsPerSecond = new Vp8Replay(source, { ip: '127.0.0.1', port: 9 }, recording).packetsPerSecond;
process.stdout.write(
  JSON.stringify(
    {
      benchmark: 'fan-out-per-core',
      quick,
      machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model, loadAverage: os.loadavg(), node: process.version },
      stream: { ...recordingSpec, codec: 'VP8 (libvpx, replayed)', packetsPerSecond: Math.round(packetsPerSecond) },
      limits: options,
      sink: sinkWaking,
      rtcp:
        "lienthong runs: every receiver sends a browser receiver's RTCP, SRTCP-protected: transport-cc feedback every 100 ms and a receiver report (with LSR/DLSR) each second (lienthongRemb: no transport-cc, a REMB of 1.6 Mbit/s in each report); each run's rtcpCheck is what mediasoup's stats show of it (lienthongNoRtcp: none sent, the bench before). stock runs: PlainTransports whose consumers have no transport-cc nor NACK, nothing to feed back: their receivers send no RTCP",
      results,
      /** Of consumers per full core at the measured cost per packet (the loss-free points are in `results`). */
      workerBinaries: workers.used(),
      ratios: {
        lienthongVsRawC: ratio(perCore('lienthong'), perCore('rawC')),
        lienthongServerVsRawC: ratio(perCore('lienthongServer'), perCore('rawC')),
        lienthongServerPatchedVsRawC: ratio(perCore('lienthongServerPatched'), perCore('rawC')),
        /** What the WebRtcServer alone does (same stock worker), then what the patch does on top (same server). */
        lienthongServerVsLienthong: ratio(perCore('lienthongServer'), perCore('lienthong')),
        patchedVsStockWorker: ratio(perCore('lienthongServerPatched'), perCore('lienthongServer')),
        lienthongVsStockSrtp: ratio(perCore('lienthong'), perCore('stockSrtp')),
        lienthongPatchedVsRawC: ratio(perCore('lienthongPatched'), perCore('rawC')),
        /** What the patch does for lienthong's consumers, and for bare SRTP ones (the bar: 1.3). */
        lienthongPatchedVsLienthong: ratio(perCore('lienthongPatched'), perCore('lienthong')),
        stockSrtpPatchedVsStockSrtp: ratio(perCore('stockSrtpPatched'), perCore('stockSrtp')),
        /** What the receivers' RTCP changes (with it / without), and what a consumer feature costs (without it / with it). */
        lienthongVsLienthongNoRtcp: ratio(perCore('lienthong'), perCore('lienthongNoRtcp')),
        lienthongPatchedVsLienthongNoRtcpPatched: ratio(perCore('lienthongPatched'), perCore('lienthongNoRtcpPatched')),
        lienthongNoTccVsLienthong: ratio(perCore('lienthongNoTcc'), perCore('lienthong')),
        /** What the node saves when site receivers estimate their downlink themselves (REMB) instead of transport-cc. */
        lienthongRembVsLienthong: ratio(perCore('lienthongRemb'), perCore('lienthong')),
        lienthongRembPatchedVsLienthongPatched: ratio(perCore('lienthongRembPatched'), perCore('lienthongPatched')),
        lienthongNoNackVsLienthong: ratio(perCore('lienthongNoNack'), perCore('lienthong')),
        /** What PACER_INTERVAL_MS=25 saves against mediasoup's own 5 ms (with it / without). */
        lienthongVsLienthongPacer5: ratio(perCore('lienthong'), perCore('lienthongPacer5')),
        lienthongServerVsLienthongServerPacer5: ratio(perCore('lienthongServer'), perCore('lienthongServerPacer5')),
        stockSrtpVsRawC: ratio(perCore('stockSrtp'), perCore('rawC')),
        stockRtpVsRawC: ratio(perCore('stockRtp'), perCore('rawC')),
        rawNodeVsRawC: ratio(perCore('rawNode'), perCore('rawC')),
      },
    },
    null,
    2,
  ) + '\n',
);
source.close();
const unaccepted = Object.entries(results).filter(([, r]) => r.rtcpCheck && !r.rtcpCheck.passed);
if (unaccepted.length) log('rtcp check failed (mediasoup did not take the receivers\' RTCP as expected):', unaccepted.map(([name]) => name).join(', '));
process.exit(unaccepted.length ? 1 : 0);
