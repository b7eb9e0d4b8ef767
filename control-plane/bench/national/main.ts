// bench:national: a national conference's join storm and steady health reports against the real
// stack (control-plane replicas, PostgreSQL, Redis, two media nodes with real mediasoup workers),
// with simulated sites over the real /site gateway. One configuration per REPLICAS entry and
// JOIN_PATHS entry, the first being the baseline. JSON on stdout, progress on stderr. See params.ts for the knobs;
// `--profile` runs the replicas under --cpu-prof and adds the join phase's top frames.
import os from 'node:os';
import { round } from './figures.js';
import { createNationConference } from './nation-conference.js';
import { loadParams } from './params.js';
import { runConfiguration } from './run-configuration.js';

const log = (line: string) => process.stderr.write(`[bench:national ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const params = loadParams();
const loadAtStart = os.loadavg()[0]!;

type Result = Awaited<ReturnType<typeof runConfiguration>>;
const configurations: Result[] = [];
for (const replicas of params.REPLICAS) {
  for (const joinPath of params.JOIN_PATHS) {
    log(`preparing the nation (15,345 sites) in a database of its own`);
    const conference = await createNationConference();
    try {
      configurations.push(await runConfiguration(replicas, joinPath, conference, params, log));
    } finally {
      await conference.drop();
    }
  }
}

const [baseline] = configurations;
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? round(a / b) : null);
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'national',
      machine: { cpus: os.availableParallelism(), loadAverageAtStart: round(loadAtStart) },
      params: {
        sites: params.SITES,
        arrivalSeconds: params.ARRIVAL_SECONDS,
        reportSeconds: params.REPORT_SECONDS,
        idleSeconds: params.IDLE_SECONDS,
        settleSeconds: params.SETTLE_SECONDS,
        replicas: params.REPLICAS,
        joinPaths: params.JOIN_PATHS,
        clientProcesses: params.CLIENTS,
        rtcPorts: params.RTC_PORTS.join('-'),
        requestTimeoutMs: params.REQUEST_TIMEOUT_MS,
        profile: params.profile,
      },
      configurations,
      /** every configuration against the first one, measured in the same run */
      versusBaseline: configurations.map((c) => ({
        replicas: c.replicas,
        joinPath: c.joinPath,
        joinsPerSecond: ratio(c.joins.joinsPerSecond, baseline!.joins.joinsPerSecond),
        joinAckP95: ratio(c.joins.joinAckMs.p95, baseline!.joins.joinAckMs.p95),
        controlPlaneCpuMsPerJoin: ratio(c.controlPlane.cpuMsPerJoinWithoutHealth, baseline!.controlPlane.cpuMsPerJoinWithoutHealth),
      })),
      notes: [
        'Simulated sites use mediasoup-client FakeHandler: real signalling, real transports, producers, consumers and pipes on the media nodes, no RTP; media nodes register a capacity of 100,000 consumers a worker for that reason.',
        'Every process (replicas, media nodes and their workers, site clients, Redis, PostgreSQL) shares this machine: CPU per join is the measured figure, rates and latencies are what these cores gave while also running the clients.',
        'Redis commands are counted on a redis-server of the bench\'s own; PostgreSQL transactions on the bench\'s own database (pg_stat_database: commits + rollbacks).',
      ],
    },
    null,
    2,
  )}\n`,
);
