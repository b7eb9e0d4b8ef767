// One configuration of the bench (a number of replicas): start the cluster, let the hall join,
// measure the idle cost, let the sites arrive (join phase), then let them report health (steady
// phase), and account for every process's CPU and the stores' work in each phase.
import { healthHeartbeatMs } from '@lienthong/contracts';
import { startCluster } from './cluster.js';
import { SiteClients } from './clients.js';
import { mainThreadProfile, monotonicUs, summarizeProfile, type ProfileSummary } from './cpu-profile.js';
import { scrapeEventLoopLag, type EventLoopLag } from './event-loop.js';
import { countBy, percentiles, projectNational, round } from './figures.js';
import type { NationConference } from './nation-conference.js';
import type { BenchParams, JoinPath } from './params.js';
import { treeCpuMs } from './process-cpu.js';
import { metricCountsOf } from './metric-counts.js';
import { commandDelta, storeCounts } from './store-counters.js';

/** A steady link's heartbeat before liveness came from the socket's ping: the health baseline. */
const PREVIOUS_HEARTBEAT_MS = 3_000;

/** A join phase gives up this long after the last site was due (a stuck site must not hang the bench). */
const JOIN_GRACE_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runConfiguration(replicaCount: number, joinPath: JoinPath, conference: NationConference, p: BenchParams, log: (line: string) => void) {
  const cluster = await startCluster({
    replicas: replicaCount,
    conference,
    rtcPorts: p.RTC_PORTS,
    redisServer: p.REDIS_SERVER,
    profile: p.profile,
    log,
  });
  let clients: SiteClients | null = null;
  /** The join phase, in the clock of profile samples. */
  const profileWindow = { fromUs: 0, toUs: 0 };
  let succeeded = 0;
  const result = await (async () => {
    try {
      const arrivals = conference.sites.slice(0, p.SITES);
      clients = await SiteClients.start(
        p.CLIENTS,
        { urls: cluster.replicas.map((r) => r.url), conferenceId: conference.conferenceId, authSecret: cluster.authSecret, requestTimeoutMs: p.REQUEST_TIMEOUT_MS, joinPath },
        [{ id: conference.hall.id, index: 0, hall: true }, ...arrivals.map((s, i) => ({ id: s.id, index: i + 1, hall: false }))],
      );
      log(`${p.CLIENTS} site clients ready`);
      const hall = await clients.joinHall();
      if (!hall.ok) throw new Error(`the hall could not join: ${hall.step} ${hall.code}`);
      log('the hall is on air');

      const cp = cluster.replicas.map((r) => r.child.process.pid!);
      const nodes = cluster.nodes.map((n) => n.process.pid!);
      const clientPids = clients.pids;
      const reading = async () => ({
        at: performance.now(),
        cp: treeCpuMs(cp),
        cpSystem: treeCpuMs(cp, 'system'),
        nodes: treeCpuMs(nodes),
        clients: treeCpuMs(clientPids),
        stores: await storeCounts(cluster.redisUrl, conference.databaseUrl),
        tally: await clients!.tally(),
      });
      const lag = () => Promise.all(cluster.replicas.map((r) => scrapeEventLoopLag(r.metricsUrl)));
      const worstLag = (lags: EventLoopLag[]) => ({
        p99Ms: Math.max(...lags.map((l) => l.p99Ms ?? 0)),
        maxMs: Math.max(...lags.map((l) => l.maxMs ?? 0)),
      });

      // Idle: the hall on air, nodes heartbeating, no sites (after the hall's own trailing work).
      await sleep(p.IDLE_SECONDS * 1000);
      const idleStart = await reading();
      await sleep(p.IDLE_SECONDS * 1000);
      const idleEnd = await reading();
      const idleS = (idleEnd.at - idleStart.at) / 1000;
      const idleCp = (idleEnd.cp - idleStart.cp) / idleS;
      const idleNodes = (idleEnd.nodes - idleStart.nodes) / idleS;

      // Join phase.
      log(`${arrivals.length} sites arriving over ${p.ARRIVAL_SECONDS} s (${cluster.replicas.length} replica(s))`);
      // Scraped around the join phase only: a scrape resets prom-client's event-loop delay histogram.
      const metricCounts = () => metricCountsOf(cluster.replicas.map((r) => r.metricsUrl));
      const countsBefore = await metricCounts();
      await lag(); // resets the delay histograms
      const joinStart = await reading();
      profileWindow.fromUs = monotonicUs();
      const spacingMs = arrivals.length ? (p.ARRIVAL_SECONDS * 1000) / arrivals.length : 0;
      const outcomes = await withDeadline(clients.arrive(Date.now() + 500, spacingMs), p.ARRIVAL_SECONDS * 1000 + JOIN_GRACE_MS, 'the join phase did not settle');
      profileWindow.toUs = monotonicUs();
      const joinLag = worstLag(await lag());
      const countsAfter = await metricCounts();
      const joinNodeCommands = commandDelta(countsBefore.nodeCommands, countsAfter.nodeCommands);
      const joinSiteRequests = commandDelta(countsBefore.siteRequests, countsAfter.siteRequests);
      const joinEnd = await reading();
      succeeded = outcomes.filter((o) => o.ok).length;
      log(`join phase over: ${succeeded}/${outcomes.length} joined`);

      // Steady phases: every site in, its link steady. First under the rule before (a report every
      // PREVIOUS_HEARTBEAT_MS, the baseline), then the page's (news only, its socket's pong for
      // liveness, a refresh every healthHeartbeatMs): the same sites, replicas and pings.
      await sleep(p.SETTLE_SECONDS * 1000);
      clients.heartbeat(PREVIOUS_HEARTBEAT_MS);
      const previousStart = await reading();
      await sleep(p.REPORT_SECONDS * 1000);
      const previousEnd = await reading();
      clients.heartbeat(healthHeartbeatMs);
      await lag();
      const steadyStart = await reading();
      await sleep(p.REPORT_SECONDS * 1000);
      const steadyEnd = await reading();
      const steadyLag = worstLag(await lag());
      log('steady phases over');

      const joinS = (joinEnd.at - joinStart.at) / 1000;
      const steadyPhase = (start: typeof steadyStart, end: typeof steadyEnd) => {
        const seconds = (end.at - start.at) / 1000;
        const cpUs = (end.cp - start.cp - idleCp * seconds) * 1000;
        return { seconds, cpUs, reports: end.tally.healthReports - start.tally.healthReports };
      };
      const previous = steadyPhase(previousStart, previousEnd);
      const steady = steadyPhase(steadyStart, steadyEnd);
      const steadyS = steady.seconds;
      const steadyReports = steady.reports;
      const joinReports = joinEnd.tally.healthReports - joinStart.tally.healthReports;
      // What one more report costs: the two steady phases differ only in how many reports arrive
      // (the pings, ticks and presence are the same), so the difference is the reports' own cost.
      const moreReports = previous.reports / previous.seconds - steady.reports / steady.seconds;
      const usPerReport = moreReports > 0 ? (previous.cpUs / previous.seconds - steady.cpUs / steady.seconds) / moreReports : 0;
      // Per site and second: what keeping one site's health costs under each rule (the figure national scale pays).
      const perSiteSecond = (phase: typeof steady) => phase.cpUs / ((succeeded + 1) * phase.seconds);
      const usPerSiteSecond = perSiteSecond(steady);
      const joinCpNet = joinEnd.cp - joinStart.cp - idleCp * joinS;
      const perJoin = (ms: number) => (succeeded ? round(ms / succeeded, 3) : null);
      const failures = outcomes.filter((o) => !o.ok);
      const redisJoin = joinEnd.stores.redisCommands - joinStart.stores.redisCommands;
      const cpuMsPerJoinNet = perJoin(joinCpNet - (usPerReport * joinReports) / 1000);

      return {
        replicas: cluster.replicas.length,
        joinPath,
        sites: arrivals.length,
        joins: {
          succeeded,
          failed: failures.length,
          failedByCode: countBy(failures, (f) => (f.ok ? '' : f.code)),
          failedByStep: countBy(failures, (f) => (f.ok ? '' : f.step)),
          /** joins the replicas turned away as BUSY, each retried as the browser does */
          busyRefusals: joinEnd.tally.busyRefusals - joinStart.tally.busyRefusals,
          /** what the failures said, by code and message */
          failureMessages: Object.fromEntries(
            Object.entries(countBy(failures, (f) => (f.ok ? '' : `${f.code}: ${f.message}`)))
              .sort((a, b) => b[1] - a[1])
              .slice(0, 10),
          ),
          joinAckMs: percentiles(outcomes.flatMap((o) => (o.stepsMs.join === null ? [] : [o.stepsMs.join]))),
          /** each step of the successful joins: socket connected, hello answered, media set up after the join ack */
          stepMs: {
            connect: percentiles(outcomes.flatMap((o) => (o.ok ? [o.stepsMs.connect!] : []))),
            hello: percentiles(outcomes.flatMap((o) => (o.ok ? [o.stepsMs.hello!] : []))),
            media: percentiles(outcomes.flatMap((o) => (o.ok ? [o.stepsMs.media!] : []))),
          },
          /** from connecting to the program consumed and resumed */
          readyMs: percentiles(outcomes.flatMap((o) => (o.ok ? [o.readyMs] : []))),
          phaseSeconds: round(joinS, 1),
          joinsPerSecond: round(succeeded / joinS, 1),
        },
        controlPlane: {
          idleCpuMsPerSecond: round(idleCp, 1),
          joinPhaseCpuMs: Math.round(joinEnd.cp - joinStart.cp),
          cpuCoresDuringJoins: round((joinEnd.cp - joinStart.cp) / 1000 / joinS),
          /** all the join phase's CPU per successful join, idle and health reports included */
          cpuMsPerJoinRaw: perJoin(joinEnd.cp - joinStart.cp),
          /** of the join phase's CPU, the share spent in the kernel (system calls, loopback TCP delivery) */
          systemShareDuringJoins: round((joinEnd.cpSystem - joinStart.cpSystem) / Math.max(1, joinEnd.cp - joinStart.cp)),
          /** above idle, per successful join (health reports of sites already in are included) */
          cpuMsPerJoin: perJoin(joinCpNet),
          /** the same without the health reports sent during the join phase (at the steady phase's cost) */
          cpuMsPerJoinWithoutHealth: cpuMsPerJoinNet,
          /** one report's own cost: the steady phases' CPU difference over their reports' difference */
          usPerHealthReport: round(usPerReport, 1),
          /** health's CPU per joined site per second of the steady phase (the page's rule; pings included) */
          usPerSiteSecondOfHealth: round(usPerSiteSecond, 1),
          eventLoopLag: { joinP99Ms: joinLag.p99Ms, joinMaxMs: joinLag.maxMs, steadyP99Ms: steadyLag.p99Ms, steadyMaxMs: steadyLag.maxMs },
        },
        mediaNodes: {
          idleCpuMsPerSecond: round(idleNodes, 1),
          cpuMsPerJoin: perJoin(joinEnd.nodes - joinStart.nodes - idleNodes * joinS),
          cpuCoresSteady: round((steadyEnd.nodes - steadyStart.nodes) / 1000 / steadyS),
        },
        siteClients: {
          processes: clientPids.length,
          cpuMsPerJoin: perJoin(joinEnd.clients - joinStart.clients),
          cpuCoresDuringJoins: round((joinEnd.clients - joinStart.clients) / 1000 / joinS),
          cpuCoresSteady: round((steadyEnd.clients - steadyStart.clients) / 1000 / steadyS),
        },
        redis: {
          commandsPerJoin: perJoin(redisJoin),
          /** the steady phase's (the page's rule): health publishing, leases, presence */
          commandsPerSecondSteady: round((steadyEnd.stores.redisCommands - steadyStart.stores.redisCommands) / steadyS, 1),
          joinPhaseByCommand: commandDelta(joinStart.stores.redisByCommand, joinEnd.stores.redisByCommand),
        },
        nodeCommands: {
          perJoin: perJoin(Object.values(joinNodeCommands).reduce((a, b) => a + b, 0)),
          joinPhaseByCommand: joinNodeCommands,
        },
        // What the sites asked (the hello of the device check included; health reports are not counted).
        siteRequests: {
          perJoin: perJoin(Object.values(joinSiteRequests).reduce((a, b) => a + b, 0)),
          joinPhaseByRequest: joinSiteRequests,
        },
        postgres: {
          transactionsPerJoin: perJoin(joinEnd.stores.pgTransactions - joinStart.stores.pgTransactions),
          transactionsPerSecondSteady: round((steadyEnd.stores.pgTransactions - steadyStart.stores.pgTransactions) / steadyS, 1),
        },
        healthReports: {
          steadyPerSecond: round(steadyReports / steadyS, 1),
          joinPhase: joinReports,
          /** the same steady sites under the rule before (the baseline) and the page's, measured one after the other */
          rules: {
            previous: { heartbeatMs: PREVIOUS_HEARTBEAT_MS, reportsPerSecond: round(previous.reports / previous.seconds, 1), usPerSiteSecond: round(perSiteSecond(previous), 1) },
            page: { heartbeatMs: healthHeartbeatMs, reportsPerSecond: round(steady.reports / steady.seconds, 1), usPerSiteSecond: round(perSiteSecond(steady), 1) },
          },
        },
        sessionsEnded: steadyEnd.tally.sessionEnded,
        nodeLost: steadyEnd.tally.sessionEnded['node-lost'] ?? 0,
        dropsAfterJoin: steadyEnd.tally.drops,
        projection: projectNational(cpuMsPerJoinNet ?? 0, usPerSiteSecond),
        profile: null as ProfileSummary[] | null,
      };
    } catch (err) {
      log(`failed; the stack's last log lines:\n${cluster.logTail()}`);
      throw err;
    } finally {
      await clients?.stop();
      await cluster.stop();
    }
  })();
  // --cpu-prof writes its file as a replica exits: read them now.
  if (p.profile && profileWindow.toUs) {
    const files = cluster.replicas.flatMap((r) => (r.profileDir ? [mainThreadProfile(r.profileDir, r.child.process.pid!)] : []));
    // Each replica's share of the join CPU is not known apart: every profile gets the replicas' mean.
    const cpuMsPerJoin = result.controlPlane.cpuMsPerJoinRaw === null ? null : result.controlPlane.cpuMsPerJoinRaw / files.length;
    result.profile = files.flatMap((f) => (f ? [summarizeProfile(f, profileWindow, cpuMsPerJoin)] : []));
  }
  return result;
}
