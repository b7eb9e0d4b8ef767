// The benchmark's knobs, from the environment (validated) and one flag (--profile).
import { parseEnv } from '@lienthong/contracts';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** How simulated sites set up their media; see JOIN_PATHS. */
export const joinPaths = ['per-request', 'tracks-apart', 'batched', 'ready', 'greeted', 'joined-without-media'] as const;
export type JoinPath = (typeof joinPaths)[number];

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A media node's RTC ports, `min-max`. */
export const portRangeSchema = z
  .string()
  .regex(/^\d+-\d+$/, 'min-max, e.g. 19400-19799')
  .transform((s) => s.split('-').map(Number) as [number, number])
  .refine(([min, max]) => min >= 1024 && max <= 65535 && min < max, 'a range of ports above 1023');

const schema = z.object({
  /**
   * Simulated sites joining besides the hall, evenly over ARRIVAL_SECONDS. The default, 200 a
   * second, is as close to the national storm's rate (15,345 in 60 s: 256 a second) as a 2-core
   * machine carries with the media nodes and the simulated browsers beside the replica. The rate
   * matters: a replica's CPU per join falls as joins come closer together (its fixed costs per
   * wake-up are shared: 9.1 ms at 10 a second, 5.7 at 57, 2.7 at 178; README, bench:national), so
   * compare runs only at one rate. The default fits the default RTC_PORTS.
   */
  SITES: int(1, 20_000).default(2000),
  /** Sites arrive evenly spread over this window. */
  ARRIVAL_SECONDS: z.coerce.number().min(0).max(3_600).default(10),
  /** The steady phase (every site reporting health at 1 Hz) that the per-report cost is measured over. */
  REPORT_SECONDS: z.coerce.number().min(1).max(3_600).default(20),
  /**
   * The idle phase (the hall on air, no sites) whose CPU is taken off the other phases' figures, and
   * as long again before it for the hall's own trailing work.
   */
  IDLE_SECONDS: z.coerce.number().min(1).max(600).default(5),
  /** After the last join, before the steady phase: the joins' trailing work (attendance writes, plans) settles. */
  SETTLE_SECONDS: z.coerce.number().min(0).max(600).default(3),
  /** Configurations to run, each a number of control-plane replicas; the first is the baseline. */
  REPLICAS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'a comma-separated list of replica counts, e.g. "1,2,3"')
    .default('1')
    .transform((s) => s.split(',').map(Number))
    .refine((list) => list.every((n) => n >= 1 && n <= 8), 'each between 1 and 8'),
  /**
   * How the simulated sites set up their media, each run on every REPLICAS entry: 'ready' (the
   * join opens both transports connected and the program's consumers started, with the DTLS
   * parameters the page knows beforehand; camera and microphone in one produceTracks: what the site
   * page does), 'batched' (the same, but the consumers started by one startConsumers carrying the
   * receive transport's connect, and produceTracks the send transport's: the page before
   * `ReadyMedia`), 'tracks-apart' (the batched path with a
   * produce per track: the page before produceTracks) and 'per-request' (a transport each, a
   * consume and a resume per track: the join path before; the baseline). Two partial arrivals
   * take a join apart (the hall still joins fully): 'greeted' sites connect and say hello (the
   * device check) and stop there; 'joined-without-media' ones join too, without media. The CPU
   * per arrival of each, and of 'ready', in one run gives each step's cost by difference:
   * `JOIN_PATHS=greeted,joined-without-media,ready`.
   */
  JOIN_PATHS: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(joinPaths, { error: `each of ${joinPaths.join(', ')}` })).min(1)),
  /** Child processes the simulated sites are spread over, so the client side is not the bottleneck. */
  CLIENTS: int(1, 16).default(3),
  /**
   * RTC ports of each media node. Every WebRTC transport takes one port per address, so each node
   * listens on a loopback address of its own (127.0.94.1, .2): a node carries as many transports
   * as the range has ports. The default is this bench's assigned range (above every test's).
   */
  RTC_PORTS: portRangeSchema.default([22000, 24999]),
  /** How long a join may wait for an answer before the simulated browser gives up (the browser's 15 s). */
  REQUEST_TIMEOUT_MS: int(1_000, 120_000).default(15_000),
  REDIS_SERVER: z.string().min(1).default('redis-server'),
  TEST_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).default('postgresql://postgres@127.0.0.1:5432/test'),
});

export type BenchParams = z.output<typeof schema> & { profile: boolean };

/** Each node holds about half the sites (give or take a tenth), two transports each, plus pipes: ports run out first. */
const portsNeeded = (sites: number) => Math.ceil(sites * 1.2) + 20;

export function loadParams(argv = process.argv.slice(2), env = process.env): BenchParams {
  const { values } = parseArgs({ args: argv, options: { profile: { type: 'boolean', default: false } } });
  const params = parseEnv(schema, env);
  const [min, max] = params.RTC_PORTS;
  if (max - min + 1 < portsNeeded(params.SITES))
    throw new Error(`RTC_PORTS ${min}-${max} is too narrow for ${params.SITES} sites: each node needs about ${portsNeeded(params.SITES)} ports`);
  return { ...params, profile: values.profile ?? false };
}
