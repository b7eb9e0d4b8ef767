// The floor under a join's control-plane CPU on this machine (issue 13's goal: <= 3 ms per join):
// what bare socket.io costs the server, with no lienthong logic behind it, measured in one run:
// - a connection: WebSocket upgrade, engine.io and namespace handshakes, a token in `auth`;
// - a request and its answer through the project's own pipeline (serveMessages/callMessage, zod
//   both ways), small (a consumer start) and join-sized (a site's capabilities in, two transports
//   and two consumers out, as openMedia);
// then a join's floor by arithmetic: one connection and the round trips a batched join makes (five
// site requests, four node commands). The clients run in a child process of their own; the
// server's CPU (user + system, /proc via process.cpuUsage) is what is measured. Prints JSON.
//   npm run -s bench:socket-floor        Knobs: CONNECTIONS (2000), ROUND_TRIPS (20000), SOCKETS (50)
import { callMessage, message, openedMediaSchema, parseEnv, rtpCapabilitiesSchema, serveMessages } from '@lienthong/contracts';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';

const messages = {
  start: message(z.object({ consumerId: z.string() }), z.object({})),
  open: message(z.object({ rtpCapabilities: rtpCapabilitiesSchema, send: z.boolean() }), openedMediaSchema),
};

/** Payloads of the sizes a join carries (a browser's capabilities ~4.6 kB, an openMedia answer ~6.6 kB). */
const rtcpFeedback = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, { type: 'goog-remb' }, { type: 'transport-cc' }];
const capabilities = {
  codecs: Array.from({ length: 12 }, (_, i) => ({ kind: i % 2 ? 'audio' : 'video', mimeType: i % 2 ? 'audio/opus' : 'video/VP8', clockRate: i % 2 ? 48000 : 90000, preferredPayloadType: 100 + i, parameters: {}, rtcpFeedback })),
  headerExtensions: Array.from({ length: 10 }, (_, i) => ({ kind: 'video', uri: `urn:ietf:params:rtp-hdrext:${i}`, preferredId: i + 1, preferredEncrypt: false, direction: 'sendrecv' })),
};
const transport = (id: string) => ({
  id,
  iceParameters: { usernameFragment: 'abcdefgh12345678', password: 'abcdefghijklmnopqrstuvwxyz123456', iceLite: true },
  iceCandidates: (['udp', 'tcp'] as const).map((protocol) => ({ foundation: `${protocol}candidate`, priority: 1076302079, ip: '127.0.0.1', protocol, port: 40001, type: 'host' })),
  dtlsParameters: { role: 'auto' as const, fingerprints: ['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512'].map((algorithm) => ({ algorithm, value: 'AB:CD:EF:'.repeat(20) })) },
});
const consumer = (i: number) => ({
  id: `consumer-${i}`,
  producerId: `producer-${i}`,
  kind: i % 2 ? ('audio' as const) : ('video' as const),
  rtpParameters: {
    mid: String(i),
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback }],
    headerExtensions: Array.from({ length: 5 }, (_, id) => ({ uri: `urn:x${id}`, id: id + 1, encrypt: false, parameters: {} })),
    encodings: [{ ssrc: 12345678 + i, rtx: { ssrc: 87654321 + i } }],
    rtcp: { cname: 'abcdef', reducedSize: true, mux: true },
  },
});
const opened = { recv: transport('recv'), send: transport('send'), consumers: [consumer(0), consumer(1)] };

type Phase = { phase: 'connect'; count: number } | { phase: 'start' | 'open'; count: number };

if (process.argv[2] === 'client') {
  // The client side: sockets connect when told, then make the round trips asked for.
  const url = process.argv[3]!;
  const sockets: Socket[] = [];
  const connectOne = () =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(`${url}/site`, { transports: ['websocket'], forceNew: true, auth: { token: 'x'.repeat(330) } });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  process.on('message', (task: Phase & { keep: number }) => {
    void (async () => {
      if (task.phase === 'connect') {
        for (let i = 0; i < task.count; i++) {
          const s = await connectOne();
          if (sockets.length < task.keep) sockets.push(s);
          else s.disconnect();
        }
      } else {
        for (let i = 0; i < task.count; i++) {
          const s = sockets[i % sockets.length]!;
          if (task.phase === 'start') await callMessage(s, messages, 'start', { consumerId: `consumer-${i}` });
          else await callMessage(s, messages, 'open', { rtpCapabilities: capabilities, send: true });
        }
      }
      process.send!('done');
    })();
  });
  process.send!('ready');
} else {
  const knobs = z.object({
    CONNECTIONS: z.coerce.number().int().min(10).max(100_000).default(2000),
    ROUND_TRIPS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
    SOCKETS: z.coerce.number().int().min(1).max(1000).default(50),
  });
  const { CONNECTIONS: connections, ROUND_TRIPS: roundTrips, SOCKETS: keep } = parseEnv(knobs, process.env);
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'] });
  server.of('/site').use((socket, next) => next(typeof socket.handshake.auth.token === 'string' ? undefined : new Error('no token')));
  server.of('/site').on('connection', (socket) => serveMessages(socket, messages, { start: () => ({}), open: () => opened }, null));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const child = fork(fileURLToPath(import.meta.url), ['client', `http://127.0.0.1:${port}`], { execArgv: ['--import', 'tsx'] });
  const done = () => new Promise((resolve) => child.once('message', resolve));
  await done();

  /** Server CPU µs per operation of one phase (after a warm-up of a tenth as many). */
  async function measure(phase: Phase['phase'], count: number): Promise<number> {
    child.send({ phase, count: Math.ceil(count / 10), keep });
    await done();
    const before = process.cpuUsage();
    child.send({ phase, count, keep });
    await done();
    const used = process.cpuUsage(before);
    return Math.round(((used.user + used.system) / count) * 10) / 10;
  }

  const connectionUs = await measure('connect', connections);
  const smallRoundTripUs = await measure('start', roundTrips);
  const joinSizedRoundTripUs = await measure('open', Math.ceil(roundTrips / 4));
  child.kill();
  void server.close();
  // A batched join: hello, join, openMedia, startConsumers, two produce; openSession, startConsumers, two produce.
  const joinFloorMs = (connectionUs + 2 * joinSizedRoundTripUs + 7 * smallRoundTripUs) / 1000;
  console.log(
    JSON.stringify(
      {
        bench: 'socket-floor',
        params: { connections, roundTrips, sockets: keep },
        serverCpuUs: { connection: connectionUs, smallRoundTrip: smallRoundTripUs, joinSizedRoundTrip: joinSizedRoundTripUs },
        joinFloor: {
          label: 'ARITHMETIC, not measured as a whole: one connection, two join-sized round trips (openMedia, openSession) and seven small ones',
          cpuMs: Math.round(joinFloorMs * 100) / 100,
          shareOfGoal: Math.round((joinFloorMs / 3) * 100) / 100,
        },
      },
      null,
      2,
    ),
  );
  process.exit(0);
}
