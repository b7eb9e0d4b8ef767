/**
 * Added latency per pipe hop (issue 5): one stream into a router, consumed directly there and
 * after one and two PipeTransport hops (routers on three workers, RTX on, as the cascade pipes
 * them), p50 and p99 of each path in the same run; the direct path is the baseline. Each packet
 * carries its send time, read back at UDP sinks in this process. Per hop, packets are also paired
 * across paths by that stamp (issue 16): what hop k added to each packet is its arrival after k hops
 * minus its arrival after k - 1, so the p50/p99/p99.9 are of per-packet differences, not
 * differences of two paths' percentiles. Prints one JSON document.
 * Knobs: BENCH_SECONDS (5), BENCH_BITRATE (1,500,000), BENCH_RTC_PORT_BASE (13600: 3 x 50 ports).
 *
 *   npm run -s bench:hop-latency
 */
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routerMediaCodecs } from '../src/media/codecs.js';
import { isMediaRtp, readStamp, syntheticVp8RtpParameters, Vp8Generator } from './support/synthetic-vp8.js';

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.MEDIASOUP_WORKER_BIN ??= path.resolve(here, '../../.lienthong/bin/mediasoup-worker');
const { createWorker } = await import('mediasoup');

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const bitrate = Number(process.env.BENCH_BITRATE ?? 1_500_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A UDP sink recording each RTP packet's one-way delay (now minus the stamp it carries), in µs,
 * and when each stamp first arrived (a retransmission carries the same stamp, later: not counted).
 */
async function latencySink() {
  const socket = createSocket('udp4');
  const delays: number[] = [];
  const arrivals = new Map<bigint, bigint>();
  let recording = false;
  socket.on('message', (m) => {
    if (!recording || !isMediaRtp(m)) return;
    const stamp = readStamp(m);
    if (stamp === undefined || arrivals.has(stamp)) return;
    const now = process.hrtime.bigint();
    arrivals.set(stamp, now);
    delays.push(Number(now - stamp) / 1000);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, delays, arrivals, tuple: { ip: '127.0.0.1', port: socket.address().port }, record: (on: boolean) => (recording = on) };
}

/** What the later path added to each packet both paths delivered (µs), paired by stamp; and the packets only the earlier one got. */
function pairedAdded(earlier: Map<bigint, bigint>, later: Map<bigint, bigint>): { added: number[]; missing: number } {
  const added: number[] = [];
  let missing = 0;
  for (const [stamp, at] of earlier) {
    const after = later.get(stamp);
    if (after === undefined) missing += 1;
    else added.push(Number(after - at) / 1000);
  }
  return { added, missing };
}

const portBase = Number(process.env.BENCH_RTC_PORT_BASE ?? 13600);

const workers = await Promise.all([0, 1, 2].map((i) => createWorker({ logLevel: 'error', rtcMinPort: portBase + i * 50, rtcMaxPort: portBase + 49 + i * 50 })));
const routers = await Promise.all(workers.map((w) => w.createRouter({ mediaCodecs: routerMediaCodecs })));
const source = createSocket('udp4');
await new Promise<void>((r) => source.bind(0, '127.0.0.1', r));
const feed = await routers[0]!.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true });
await feed.connect({ ip: '127.0.0.1', port: source.address().port });
const producer = await feed.produce({ kind: 'video', rtpParameters: syntheticVp8RtpParameters });
// Hop by hop, as the cascade carries the program: router 0 -> 1 -> 2.
await routers[0]!.pipeToRouter({ producerId: producer.id, router: routers[1]!, enableRtx: true });
await routers[1]!.pipeToRouter({ producerId: producer.id, router: routers[2]!, enableRtx: true });

const paths = await Promise.all(
  routers.map(async (router, hops) => {
    const sink = await latencySink();
    const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true });
    await t.connect(sink.tuple);
    await t.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    return { hops, sink };
  }),
);
// No mediasoup at all: the generator's packets straight to a sink, for the floor of this machine.
const raw = await latencySink();
const generator = new Vp8Generator(source, { ip: '127.0.0.1', port: feed.tuple.localPort }, { bitrate });
const rawGenerator = new Vp8Generator(source, raw.tuple, { bitrate: 300_000 });
generator.start();
rawGenerator.start();
await sleep(1500); // the first keyframe
for (const s of [raw, ...paths.map((p) => p.sink)]) s.record(true);
await sleep(seconds * 1000);
generator.stop();
rawGenerator.stop();

const pct = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
};
const summary = (xs: number[]) => ({ packets: xs.length, p50us: pct(xs, 0.5), p99us: pct(xs, 0.99) });
const pairedSummary = (xs: number[]) => ({ pairedPackets: xs.length, p50us: pct(xs, 0.5), p99us: pct(xs, 0.99), p999us: pct(xs, 0.999), maxUs: pct(xs, 1) });
const direct = summary(paths[0]!.sink.delays);
const result = {
  benchmark: 'pipe-hop-latency',
  machine: { cores: os.availableParallelism(), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
  stream: { codec: 'VP8 (synthetic payload)', bitrate, seconds, pipe: 'PipeTransport between workers on loopback, RTX on' },
  udpLoopback: summary(raw.delays),
  baseline: { path: 'consumer on the producer router (0 hops)', ...direct },
  hops: paths.slice(1).map(({ hops, sink }) => {
    const s = summary(sink.delays);
    return {
      hops,
      ...s,
      addedPerHopP50us: Math.round((s.p50us - direct.p50us) / hops),
      addedPerHopP99us: Math.round((s.p99us - direct.p99us) / hops),
      ratioP50: Math.round((s.p50us / direct.p50us) * 100) / 100,
    };
  }),
  // Each hop's own cost per packet: arrival after this hop minus arrival one hop earlier, same packet.
  perPacketPerHop: paths.slice(1).map(({ hops, sink }) => {
    const { added, missing } = pairedAdded(paths[hops - 1]!.sink.arrivals, sink.arrivals);
    return { hop: hops, ...pairedSummary(added), missingAfterHop: missing };
  }),
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
for (const w of workers) w.close();
process.exit(0);
