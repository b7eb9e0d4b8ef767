// bench:site-connection: what a site's connection and its hello cost the real control plane, one
// site after another (no arrival storm, no contention: the floor a storm's joins stand on), and
// the same connections and the same hello answer on bare socket.io in the same run (the ratio is
// lienthong's own share). The real stack of bench:national: one replica, its Redis, PostgreSQL
// with the 2025 nation, two media nodes. Sites stay connected, as a device check does. JSON on
// stdout. PACE spreads the arrivals (a replica's CPU per arrival grows as arrivals thin out: at
// 5 a second it is ~2.5x what it is back to back, so compare runs only at one pace).
//   npm run -s bench:site-connection      Knobs: SITES (1200), PACE (0), HELLO (1), RTC_PORTS
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { callMessage, namespaces, parseEnv, serveMessages, siteRequests, type SiteWelcome } from '@lienthong/contracts';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { TokenService } from '../src/auth/tokens.js';
import { pingIntervalMs, pingTimeoutMs } from '../src/signaling/socket-timing.js';
import { startCluster } from './national/cluster.js';
import { round } from './national/figures.js';
import { createNationConference } from './national/nation-conference.js';
import { portRangeSchema } from './national/params.js';
import { treeCpuMs } from './national/process-cpu.js';


if (process.argv[2] === 'bare-server') {
  // The baseline: socket.io as the replica configures it (no Redis adapter), any token let in, the
  // hello answered with what the real gateway said (sent by the parent), nothing else.
  const http = createServer();
  const server = new Server(http, { serveClient: false, pingInterval: pingIntervalMs, pingTimeout: pingTimeoutMs });
  let welcome: SiteWelcome | null = null;
  process.on('message', (w: SiteWelcome) => (welcome = w));
  server.of(namespaces.site).use((socket, next) => next(typeof socket.handshake.auth.token === 'string' ? undefined : new Error('no token')));
  // The project's own request pipeline (zod both ways), as the gateway's.
  const hello = { hello: siteRequests.hello };
  server.of(namespaces.site).on('connection', (socket) => serveMessages(socket, hello, { hello: () => welcome! }, null));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  process.send!((http.address() as AddressInfo).port);
} else {
  const params = parseEnv(
    z.object({
      SITES: z.coerce.number().int().min(20).max(5000).default(1200),
      /** arrivals a second (0: one after another, as fast as they go) */
      PACE: z.coerce.number().min(0).default(0),
      HELLO: z.enum(['0', '1']).default('1'),
      RTC_PORTS: portRangeSchema.default([22000, 24999]),
      REDIS_SERVER: z.string().min(1).default('redis-server'),
    }),
    process.env,
  );
  const log = (line: string) => process.stderr.write(`[bench:site-connection] ${line}\n`);
  const conference = await createNationConference();
  const cluster = await startCluster({ replicas: 1, conference, rtcPorts: params.RTC_PORTS, redisServer: params.REDIS_SERVER, profile: false, log });
  const bare = fork(fileURLToPath(import.meta.url), ['bare-server'], { execArgv: ['--import', 'tsx'] });
  const sockets: Socket[] = [];
  try {
    const barePort = await new Promise<number>((resolve) => bare.once('message', (port) => resolve(Number(port))));
    const tokens = new TokenService(cluster.authSecret);
    const sites = conference.sites.slice(0, params.SITES);
    const signed = await Promise.all(sites.map((s) => tokens.signSite({ sub: s.id, conf: conference.conferenceId }, 3600)));
    const connectOne = (url: string, token: string) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(`${url}${namespaces.site}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });

    /** CPU ms per arrival of the server `pid` (its idle cost taken off), the first tenth a warm-up. */
    async function measure(url: string, pid: number): Promise<{ cpuMsPerSite: number; elapsedMs: number }> {
      const cpu = () => treeCpuMs([pid]);
      const arrive = async (token: string) => {
        const socket = await connectOne(url, token);
        sockets.push(socket);
        if (params.HELLO === '1') await callMessage(socket, siteRequests, 'hello', {}, 15_000);
      };
      const warm = Math.floor(signed.length / 10);
      for (const token of signed.slice(0, warm)) await arrive(token);
      await sleep(3000);
      const idleFrom = { at: performance.now(), cpu: cpu() };
      await sleep(5000);
      const idlePerMs = (cpu() - idleFrom.cpu) / (performance.now() - idleFrom.at);
      const from = { at: performance.now(), cpu: cpu() };
      for (const [i, token] of signed.slice(warm).entries()) {
        if (params.PACE) await sleep(Math.max(0, from.at + (i * 1000) / params.PACE - performance.now()));
        await arrive(token);
      }
      const elapsedMs = performance.now() - from.at;
      const cpuMsPerSite = (cpu() - from.cpu - idlePerMs * elapsedMs) / (signed.length - warm);
      for (const s of sockets.splice(0)) s.disconnect();
      return { cpuMsPerSite, elapsedMs };
    }

    // The real hello, so the baseline answers the same bytes.
    const probe = await connectOne(cluster.replicas[0]!.url, signed[0]!);
    bare.send(await callMessage(probe, siteRequests, 'hello', {}, 15_000));
    probe.disconnect();
    log(`${signed.length} sites, one after another${params.PACE ? ` at ${params.PACE} a second` : ''}: bare socket.io first`);
    const baseline = await measure(`http://127.0.0.1:${barePort}`, bare.pid!);
    log('then the control plane');
    const gateway = await measure(cluster.replicas[0]!.url, cluster.replicas[0]!.child.process.pid!);
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'site-connection',
          machine: { cpus: os.availableParallelism(), loadAverage: round(os.loadavg()[0]!) },
          params: { sites: params.SITES, pace: params.PACE, hello: params.HELLO === '1' },
          /** CPU ms of the server per site (connection, and the hello when asked) */
          cpuMsPerSite: { bareSocketIo: round(baseline.cpuMsPerSite), controlPlane: round(gateway.cpuMsPerSite) },
          controlPlaneOverBare: round(gateway.cpuMsPerSite / baseline.cpuMsPerSite),
          elapsedMs: { bareSocketIo: Math.round(baseline.elapsedMs), controlPlane: Math.round(gateway.elapsedMs) },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    for (const s of sockets) s.disconnect();
    bare.kill();
    await cluster.stop();
    await conference.drop();
  }
}
