// What one site's health report costs the control plane's /site gateway, acked (the request/ack
// pipeline every site message uses) against a volatile event with no ack, in the same run:
// REAL_SITES (300) real socket.io sockets report once a second each, alternating the two ways
// twice; the control plane's CPU above its idle, per report handed on to the health publisher.
// Prints JSON.
import { ask, cpuMs, next, round, sleep, spawn, type ChildStats, type PlaneReady } from './health/children.js';

const WINDOW_S = Number(process.env.WINDOW_S ?? 10);

const plane = spawn('./control-plane-child.ts');
const ready = await next<PlaneReady>(plane, 'ready');

async function cpuPerSecond(seconds: number): Promise<number> {
  const a = await ask<ChildStats>(plane, 'stats');
  await sleep(seconds * 1000);
  const b = await ask<ChildStats>(plane, 'stats');
  return cpuMs(a.cpu, b.cpu) / seconds;
}

async function measure(withAck: boolean, idleCpuMsPerS: number) {
  const sites = spawn('./site-sockets-child.ts', { SITES: JSON.stringify({ url: ready.url, tokens: ready.siteTokens }), ACK: withAck ? '1' : '0' });
  await next(sites, 'joined');
  await sleep(3000); // every socket reporting, the joins' work done
  const a = await ask<ChildStats>(plane, 'stats');
  const started = Date.now();
  await sleep(WINDOW_S * 1000);
  const b = await ask<ChildStats>(plane, 'stats');
  const seconds = (Date.now() - started) / 1000;
  sites.send({ type: 'stop' });
  await new Promise((r) => sites.once('exit', r));
  await sleep(3000); // the sockets' disconnects settle before the next round
  const reports = b.gatewayReports - a.gatewayReports;
  const perReportUs = ((cpuMs(a.cpu, b.cpu) - idleCpuMsPerS * seconds) * 1000) / reports;
  return { reportsPerSecond: Math.round(reports / seconds), cpuMicrosecondsPerReport: round(perReportUs, 1) };
}

try {
  await sleep(3000);
  const idle = await cpuPerSecond(8);
  const rounds: ({ ack: boolean } & Awaited<ReturnType<typeof measure>>)[] = [];
  for (const withAck of [true, false, true, false]) rounds.push({ ack: withAck, ...(await measure(withAck, idle)) });
  const mean = (ack: boolean) => rounds.filter((r) => r.ack === ack).reduce((s, r) => s + r.cpuMicrosecondsPerReport!, 0) / 2;
  console.log(
    JSON.stringify(
      {
        realSiteSockets: ready.siteTokens.length,
        windowSeconds: WINDOW_S,
        idleControlPlaneCpuMsPerSecond: round(idle, 1),
        rounds,
        ackedUsPerReport: round(mean(true), 1),
        eventUsPerReport: round(mean(false), 1),
        ratioAckedToEvent: round(mean(true) / mean(false), 2),
        extrapolatedCoresFor15345Sites: { acked: round((mean(true) * ready.sites) / 1e6, 2), event: round((mean(false) * ready.sites) / 1e6, 2) },
      },
      null,
      2,
    ),
  );
} finally {
  if (plane.connected) {
    plane.send({ type: 'stop' });
    await new Promise((r) => plane.once('exit', r));
  }
}
