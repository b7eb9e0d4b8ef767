/**
 * Fan-out per core (issue 5): how many ~1.5 Mbps VP8 consumers one mediasoup worker (one core)
 * forwards before loss appears, against a raw UDP fan-out baseline (a Node process that only
 * copies each packet N times) in the same run. Consumers are PlainTransport consumers sending to
 * one UDP sink that is never read (the worker's cost, not a receiver's, is measured), except a
 * few probes whose packets are counted: input loss is read from the producer's stats, output loss
 * from the probes.
 * Prints one JSON document. Knobs: BENCH_STEPS (consumer counts), BENCH_WINDOW_MS, BENCH_BITRATE.
 *
 *   npm run -s bench:fan-out
 */
import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routerMediaCodecs } from '../src/media/codecs.js';
import { isMediaRtp, syntheticVp8RtpParameters, Vp8Generator } from './support/synthetic-vp8.js';

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.MEDIASOUP_WORKER_BIN ??= path.resolve(here, '../../.lienthong/bin/mediasoup-worker');
const { createWorker } = await import('mediasoup');

const steps = (process.env.BENCH_STEPS ?? '50,100,200,300,400,500,600,800,1000').split(',').map(Number);
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 3000);
const bitrate = Number(process.env.BENCH_BITRATE ?? 1_500_000);
const lossFree = 0.995;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sink = createSocket('udp4');
await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r)); // never read: the kernel drops what it gets
const sinkTuple = { ip: '127.0.0.1', port: sink.address().port };
const probeCount = 4;
const probes = await Promise.all(
  Array.from({ length: probeCount }, async () => {
    const probe = { socket: createSocket('udp4'), packets: 0 };
    probe.socket.on('message', (m) => {
      if (!isMediaRtp(m)) return;
      probe.packets += 1;
    });
    await new Promise<void>((r) => probe.socket.bind(0, '127.0.0.1', r));
    return probe;
  }),
);
const probeTotal = () => probes.reduce((n, p) => n + p.packets, 0);
const source = createSocket('udp4');
await new Promise<void>((r) => source.bind(0, '127.0.0.1', r));

/** Counters read at the start and end of a measuring window. */
interface Counters {
  at: number;
  generated: number;
  /** packets the forwarder took in */
  received: number;
  /** copies it sent that are counted */
  delivered: number;
  cpuMs: number;
}

/**
 * Steps the consumer count up until loss appears. `measuredCopies(n)`: how many copies of each
 * packet `delivered` counts with n consumers (the probes only, or every copy).
 */
async function stepUp(grow: (n: number) => Promise<void>, settleMs: number, sample: () => Promise<Counters>, measuredCopies: (n: number) => number) {
  const results: Step[] = [];
  for (const n of steps) {
    await grow(n);
    await sleep(settleMs);
    const a = await sample();
    await sleep(windowMs);
    const b = await sample();
    const input = (b.received - a.received) / Math.max(1, b.generated - a.generated);
    const delivered = (b.delivered - a.delivered) / Math.max(1, measuredCopies(n) * (b.received - a.received));
    results.push({ consumers: n, input: round(input), delivered: round(delivered), cpu: round((b.cpuMs - a.cpuMs) / (b.at - a.at)) });
    if (input < lossFree || delivered < lossFree) break;
  }
  return results;
}

/**
 * What a browser's consumer costs the worker beyond plain RTP is mostly SRTP encryption (a
 * WebRtcTransport also does ICE and DTLS once, not per packet): the SRTP run encrypts every copy
 * with AES_CM_128_HMAC_SHA1_80, as sites' WebRTC consumers are.
 */
const srtpSuite = 'AES_CM_128_HMAC_SHA1_80' as const;
/** The remote's key (30 bytes, base64): only needed to decrypt what comes back, which nothing does. */
const remoteSrtp = { cryptoSuite: srtpSuite, keyBase64: Buffer.alloc(30, 7).toString('base64') };

async function mediasoupRun({ srtp }: { srtp: boolean }) {
  const worker = await createWorker({ logLevel: 'error', rtcMinPort: 43600, rtcMaxPort: 44899 });
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  const feed = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true });
  await feed.connect({ ip: '127.0.0.1', port: source.address().port });
  const producer = await feed.produce({ kind: 'video', rtpParameters: syntheticVp8RtpParameters });
  const generator = new Vp8Generator(source, { ip: '127.0.0.1', port: feed.tuple.localPort }, { bitrate });
  generator.start();
  let consumers = 0;
  try {
    return await stepUp(
      async (n) => {
        for (; consumers < n; consumers++) {
          const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, enableSrtp: srtp, srtpCryptoSuite: srtpSuite });
          const probe = probes[consumers];
          await t.connect({ ...(probe ? { ip: '127.0.0.1', port: probe.socket.address().port } : sinkTuple), ...(srtp ? { srtpParameters: remoteSrtp } : {}) });
          await t.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
        }
      },
      1500, // every new consumer waits for a keyframe (one a second)
      async () => {
        const [at, generated, delivered] = [Date.now(), generator.sent, probeTotal()];
        const [[p], usage] = await Promise.all([producer.getStats(), worker.getResourceUsage()]);
        return { at, generated, delivered, received: p?.packetCount ?? 0, cpuMs: usage.ru_utime + usage.ru_stime };
      },
      (n) => Math.min(n, probeCount),
    );
  } finally {
    generator.stop();
    worker.close();
  }
}

async function baselineRun() {
  const child = fork(path.join(here, 'support/udp-fanout.ts'), { execArgv: ['--import', 'tsx'] });
  const ask = <T>(m: object) =>
    new Promise<T>((resolve) => {
      child.once('message', (r) => resolve(r as T));
      child.send(m);
    });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
  child.send({ sink: sinkTuple });
  const generator = new Vp8Generator(source, { ip: '127.0.0.1', port }, { bitrate });
  generator.start();
  try {
    return await stepUp(
      async (n) => void child.send({ copies: n }),
      500,
      async () => {
        const [at, generated] = [Date.now(), generator.sent];
        const r = await ask<{ received: number; sent: number; cpuMs: number }>({ report: true });
        return { at, generated, received: r.received, delivered: r.sent, cpuMs: r.cpuMs };
      },
      (n) => n,
    );
  } finally {
    generator.stop();
    child.send({ stop: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
type Step = { consumers: number; input: number; delivered: number; cpu: number };
const best = (steps: Step[]) => {
  const ok = steps.filter((s) => s.input >= lossFree && s.delivered >= lossFree);
  const last = ok.at(-1);
  // Consumers one full core would carry at the measured cost, for hosts where the worker had less.
  return { lossFreeConsumers: last?.consumers ?? 0, cpuAtThat: last?.cpu ?? 0, perFullCore: last && last.cpu > 0 ? Math.round(last.consumers / last.cpu) : null };
};

const mediasoup = await mediasoupRun({ srtp: false });
for (const p of probes) p.packets = 0;
const mediasoupSrtp = await mediasoupRun({ srtp: true });
const baseline = await baselineRun();
const [m, s, b] = [best(mediasoup), best(mediasoupSrtp), best(baseline)];
process.stdout.write(
  JSON.stringify(
    {
      benchmark: 'fan-out-per-core',
      machine: { cores: os.availableParallelism(), loadAverage: os.loadavg().map(round), node: process.version },
      stream: { codec: 'VP8 (synthetic payload)', bitrate, packetSize: 1200, transport: 'PlainTransport: RTP, and SRTP (AES_CM_128_HMAC_SHA1_80)' },
      lossFreeAt: lossFree,
      mediasoup: { ...m, steps: mediasoup },
      mediasoupSrtp: { ...s, steps: mediasoupSrtp },
      baseline: { what: 'Node dgram fan-out, one socket', ...b, steps: baseline },
      ratio: {
        lossFreeConsumers: b.lossFreeConsumers ? round(m.lossFreeConsumers / b.lossFreeConsumers) : null,
        perFullCore: m.perFullCore && b.perFullCore ? round(m.perFullCore / b.perFullCore) : null,
        srtpPerFullCore: s.perFullCore && b.perFullCore ? round(s.perFullCore / b.perFullCore) : null,
        srtpVsRtpPerFullCore: s.perFullCore && m.perFullCore ? round(s.perFullCore / m.perFullCore) : null,
      },
    },
    null,
    2,
  ) + '\n',
);
sink.close();
source.close();
for (const p of probes) p.socket.close();
process.exit(0);
